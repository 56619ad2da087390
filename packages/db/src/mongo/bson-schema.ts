import type { IndexDescription } from 'mongodb';
/**
 * BSON types, spelled out. Money and counts are plain JS numbers: the driver stores
 * an integer in 32-bit range as int and a larger one as double (exact to 2^53, far
 * above any balance), and $inc promotes an int that overflows to long, which reads
 * back as a number. So a money field may hold int, long or double, but never a
 * fraction: `multipleOf: 1` makes the database refuse one.
 */
export const str = { bsonType: 'string' };
export const num = { bsonType: ['int', 'long', 'double'], multipleOf: 1 };
export const int = { bsonType: ['int', 'long'] };
export const date = { bsonType: 'date' };
export const nullable = (t: { bsonType: string | string[] }) => ({
  ...t,
  bsonType: [...(Array.isArray(t.bsonType) ? t.bsonType : [t.bsonType]), 'null'],
});

/** A $jsonSchema requiring every listed property; `optional` ones are checked when present. */
export const schema = (
  properties: Record<string, object>,
  optional: Record<string, object> = {},
) => ({
  bsonType: 'object',
  required: Object.keys(properties),
  properties: { ...properties, ...optional },
});

export const side = schema({
  account: str,
  balanceAfter: num,
  label: str,
  accountNumber: nullable(int),
  ownerId: nullable(str),
});

/** One collection: its validator, cross-field rules and indexes (setup.ts applies them). */
export interface Spec {
  name: string;
  validator: object;
  /** Cross-field rules $jsonSchema cannot say, as a validator $expr (absent: none). */
  expr?: object;
  /**
   * Every index a query uses (or a unique constraint needs), and nothing else: set-up
   * drops any other index it finds (indexes.ts).
   */
  indexes: IndexDescription[];
}

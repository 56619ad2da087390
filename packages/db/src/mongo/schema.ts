import { type Db, type Document, MongoServerError } from 'mongodb';
import { cashSubAccounts } from '../cash.ts';
import { FIRST_ACCOUNT_NUMBER } from '../constants.ts';
import { ACCOUNT_NUMBER_COUNTER, collections } from './collections.ts';
import type { AccountDoc } from './docs.ts';
import { ensureIndexes } from './indexes.ts';
import { SPECS, type Spec } from './specs.ts';
import { ZERO_TOTALS } from './totals.ts';

const NAMESPACE_EXISTS = 48;

/** What ensureSchema did: changes made, and changes it was not allowed to make. */
export interface SchemaChanges {
  changed: string[];
  warnings: string[];
}

/**
 * True for a refusal on permissions: Unauthorized (13) from a mongod, AtlasError (8000)
 * from Atlas's proxy ("user is not allowed to do action [collMod]").
 */
export const notPermitted = (e: unknown): e is MongoServerError =>
  e instanceof MongoServerError && (e.code === 13 || e.code === 8000);

/**
 * Updates an existing collection's validator. collMod needs the dbAdmin role; an app
 * user with readWrite only keeps the validator the collection was created with, and
 * the refusal becomes a warning (printed by `pnpm db:setup`, which then exits 1, and
 * emitted as a process warning by a store opened with `setup`): never ignored, and the
 * validators are then not recorded as applied, so a server's start keeps refusing.
 * Any other failure is thrown. `run` sends one command (db.command).
 */
export async function updateValidator(
  run: (command: Document) => Promise<unknown>,
  name: string,
  validation: object,
  out: SchemaChanges,
): Promise<void> {
  try {
    await run({ collMod: name, ...validation });
    out.changed.push(`${name}: validator updated`);
  } catch (e) {
    if (!notPermitted(e)) throw e;
    out.warnings.push(
      `${name}: the validator is out of date, but this user may not change it ` +
        `(${e.codeName ?? e.code}: ${e.message}; collMod needs the dbAdmin role): ` +
        'run `pnpm db:setup` as a user with dbAdmin on this database',
    );
  }
}

/** The collection options that hold a spec's validator (createCollection / collMod). */
export const validationOf = (spec: Spec) =>
  ({
    validator: { $jsonSchema: spec.validator, ...(spec.expr ? { $expr: spec.expr } : {}) },
    validationLevel: 'strict',
    validationAction: 'error',
  }) as const;

/** JSON with object keys sorted: two validators compare equal whatever their key order. */
export const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : x,
  );

/**
 * Creates collections, updates validators that differ (compared first: collMod takes an
 * exclusive collection lock and aborts transactions in flight), creates or drops
 * indexes, and seeds the system account and the counter. Idempotent and safe when run
 * twice at once. Run by `pnpm db:setup` (setup.ts), never at server start.
 */
export async function ensureSchema(db: Db): Promise<SchemaChanges> {
  const out: SchemaChanges = { changed: [], warnings: [] };
  const run = (command: Document) => db.command(command);
  const existing = new Map(
    (await db.listCollections({}).toArray()).map((c) => [c.name, c] as const),
  );
  for (const spec of SPECS) {
    const validation = validationOf(spec);
    const current = existing.get(spec.name);
    if (current) {
      const options: unknown = 'options' in current ? current.options : undefined;
      const now = options && typeof options === 'object' ? options : {};
      const same = (['validator', 'validationLevel', 'validationAction'] as const).every(
        (k) => canonical((now as Record<string, unknown>)[k]) === canonical(validation[k]),
      );
      if (!same) await updateValidator(run, spec.name, validation, out);
    } else {
      try {
        await db.createCollection(spec.name, validation);
        out.changed.push(`${spec.name}: created`);
      } catch (e) {
        // Another run created it between our listing and now: update it instead.
        if (!(e instanceof MongoServerError && e.code === NAMESPACE_EXISTS)) throw e;
        await updateValidator(run, spec.name, validation, out);
      }
    }
    const indexes = await ensureIndexes(db.collection(spec.name), spec.indexes);
    out.changed.push(...indexes.map((i) => `${spec.name}: ${i}`));
  }
  const system: Omit<AccountDoc, '_id'> = {
    type: 'system',
    ownerId: null,
    label: 'Cash',
    accountNumber: null,
    balance: 0,
    status: 'active',
    ...ZERO_TOTALS,
  };
  // The cash sub-accounts (cash.ts): any missing one opens at zero; none is ever changed.
  await collections(db).ledgerAccounts.bulkWrite(
    cashSubAccounts().map((_id) => ({
      updateOne: { filter: { _id }, update: { $setOnInsert: system }, upsert: true },
    })),
  );
  // The account-number sequence; createUser increments it inside its transaction. A
  // missing counter over existing users (a partial restore) resumes after the highest
  // number: restarting at 1000 would fail every sign-up on the unique index.
  const highest = await collections(db).users.findOne(
    {},
    { sort: { accountNumber: -1 }, projection: { accountNumber: 1 } },
  );
  await collections(db).counters.updateOne(
    { _id: ACCOUNT_NUMBER_COUNTER },
    { $setOnInsert: { value: counterSeed(highest?.accountNumber) } },
    { upsert: true },
  );
  return out;
}

/** The counter's first value: the highest account number in use, else one below the first. */
export const counterSeed = (highest: number | undefined): number =>
  Math.max(FIRST_ACCOUNT_NUMBER - 1, highest ?? 0);

import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { FIRST_ACCOUNT_NUMBER } from '../constants.ts';
import { NAMES } from './collections.ts';
import { counterSeed, type SchemaChanges, updateValidator, validationOf } from './schema.ts';
import { SPECS } from './specs.ts';

const spec = (name: string) => {
  const found = SPECS.find((s) => s.name === name);
  if (!found) throw new Error(`no spec for ${name}`);
  return found;
};
const uniqueKeys = (name: string) =>
  spec(name)
    .indexes.filter((i) => i.unique)
    .map((i) => i.key);

describe('schema spec', () => {
  it('every collection has a validator', () => {
    expect(SPECS.map((s) => s.name).sort()).toEqual(Object.values(NAMES).sort());
    for (const s of SPECS) expect(s.validator).toMatchObject({ bsonType: 'object' });
  });

  it('the unique indexes the store relies on are declared', () => {
    expect(uniqueKeys(NAMES.users)).toEqual([{ phone: 1 }, { accountNumber: 1 }]);
    expect(uniqueKeys(NAMES.transfers)).toEqual([{ initiatorId: 1, idempotencyKey: 1 }]);
    expect(uniqueKeys(NAMES.contacts)).toEqual([{ ownerId: 1, accountNumber: 1 }]);
    // A refresh hash is unique as refreshTokens' _id; sessions need no index of their own.
    expect(uniqueKeys(NAMES.sessions)).toEqual([]);
    expect(uniqueKeys(NAMES.codes)).toEqual([{ purpose: 1, subject: 1 }]);
    expect(uniqueKeys(NAMES.rateLimits)).toEqual([{ key: 1, windowMs: 1, window: 1 }]);
  });

  it('the idempotency index is partial on a string key, as the lookup repeats', () => {
    const idx = spec(NAMES.transfers).indexes.find((i) => i.name === 'idempotency_unique');
    expect(idx?.partialFilterExpression).toEqual({ idempotencyKey: { $type: 'string' } });
  });

  it('money fields refuse fractions and customer balances refuse negatives', () => {
    const ledger = spec(NAMES.ledgerAccounts).validator as {
      properties: { balance: object };
      anyOf: object[];
    };
    expect(ledger.properties.balance).toMatchObject({ multipleOf: 1 });
    expect(ledger.anyOf).toContainEqual({ properties: { balance: { minimum: 0 } } });
    const transfers = spec(NAMES.transfers).validator as { properties: { amount: object } };
    expect(transfers.properties.amount).toMatchObject({ multipleOf: 1, minimum: 1 });
  });

  it('the account-number counter starts below 1000, or after the highest number in use', () => {
    expect(counterSeed(undefined)).toBe(FIRST_ACCOUNT_NUMBER - 1);
    expect(counterSeed(1041)).toBe(1041);
    expect(counterSeed(5)).toBe(FIRST_ACCOUNT_NUMBER - 1);
  });

  it('transfers also carry a $expr: two different accounts, `accounts` = the two sides', () => {
    const spec = SPECS.find((s) => s.name === 'transfers');
    const { validator } = validationOf(spec as (typeof SPECS)[number]);
    expect(validator).toMatchObject({
      $expr: {
        $and: [
          { $ne: ['$debit.account', '$credit.account'] },
          { $eq: ['$accounts', ['$debit.account', '$credit.account']] },
        ],
      },
    });
    expect(validator.$jsonSchema).toBe(spec?.validator);
  });
});

describe('a validator update the user may not make (collMod refused)', () => {
  const empty = (): SchemaChanges => ({ changed: [], warnings: [] });
  const refusing = (e: Error) => async (): Promise<unknown> => {
    throw e;
  };

  it('Unauthorized is a warning naming the collection, the error and the role, not a change', async () => {
    const out = empty();
    const refused = new MongoServerError({
      code: 13,
      codeName: 'Unauthorized',
      errmsg: 'not authorized on qp to execute command { collMod: "users" }',
    });
    await updateValidator(refusing(refused), 'users', {}, out);
    expect(out.changed).toEqual([]);
    expect(out.warnings).toHaveLength(1);
    expect(out.warnings[0]).toMatch(/^users: the validator is out of date/);
    expect(out.warnings[0]).toContain('Unauthorized: not authorized on qp');
    expect(out.warnings[0]).toContain('dbAdmin');
  });

  it("Atlas's refusal (AtlasError 8000) is a warning too", async () => {
    const out = empty();
    const atlas = new MongoServerError({
      code: 8000,
      codeName: 'AtlasError',
      errmsg: 'user is not allowed to do action [collMod] on [qp.users]',
    });
    await updateValidator(refusing(atlas), 'users', {}, out);
    expect(out.warnings[0]).toContain('AtlasError: user is not allowed');
  });

  it('any other failure is thrown, not turned into a warning', async () => {
    const bad = new MongoServerError({ code: 2, codeName: 'BadValue', errmsg: 'bad validator' });
    const out = empty();
    await expect(updateValidator(refusing(bad), 'users', {}, out)).rejects.toBe(bad);
    expect(out).toEqual(empty());
  });

  it('a permitted update sends collMod with the validation and is recorded as a change', async () => {
    const sent: unknown[] = [];
    const out = empty();
    const validation = { validator: { $jsonSchema: {} }, validationLevel: 'strict' };
    await updateValidator(
      async (c) => {
        sent.push(c);
        return { ok: 1 };
      },
      'users',
      validation,
      out,
    );
    expect(sent).toEqual([{ collMod: 'users', ...validation }]);
    expect(out).toEqual({ changed: ['users: validator updated'], warnings: [] });
  });
});

import { describe, expect, it } from 'vitest';
import { FIRST_ACCOUNT_NUMBER } from '../constants.ts';
import { NAMES } from './collections.ts';
import { counterSeed, validationOf } from './schema.ts';
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
    expect(uniqueKeys(NAMES.sessions)).toEqual([{ refreshHash: 1 }]);
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

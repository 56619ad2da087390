import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMoneyTest, type MoneyTest, refusal } from '../testing/members.ts';
import { LOOKUP_LIMIT } from './contacts.ts';
import { maskName } from './mask.ts';

let t: MoneyTest;
beforeEach(() => {
  t = createMoneyTest();
});
afterEach(() => t.close());

describe('maskName', () => {
  it.each([
    ['Asha Rao', 'Asha R.'],
    ['  Asha   Kumari rao ', 'Asha R.'],
    ['Asha', 'Asha'],
    ['Ω 𝒜bc', 'Ω 𝒜.'],
  ])('%j -> %j', (name, masked) => expect(maskName(name)).toBe(masked));
});

describe('contacts.lookup', () => {
  it("returns the holder's masked name for an account number", async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    expect(await a.api.contacts.lookup({ accountNumber: b.user.accountNumber })).toEqual({
      accountNumber: b.user.accountNumber,
      maskedName: 'Ravi K.',
    });
  });

  it('refuses an unknown account and your own number', async () => {
    const a = await t.user('Asha Rao');
    expect(await refusal(a.api.contacts.lookup({ accountNumber: 424_242 }))).toMatchObject({
      code: 'NOT_FOUND',
      domainCode: 'ACCOUNT_NOT_FOUND',
    });
    expect(
      await refusal(a.api.contacts.lookup({ accountNumber: a.user.accountNumber })),
    ).toMatchObject({
      code: 'BAD_REQUEST',
      domainCode: 'SELF_CONTACT',
    });
  });

  it('is rate limited per user so account numbers cannot be walked', async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    for (let i = 0; i < LOOKUP_LIMIT.limit; i++) {
      await a.api.contacts.lookup({ accountNumber: b.user.accountNumber });
    }
    const r = await refusal(a.api.contacts.lookup({ accountNumber: b.user.accountNumber }));
    expect(r.domainCode).toBe('RATE_LIMITED');
    // Another user still has their own allowance.
    expect((await b.api.contacts.lookup({ accountNumber: a.user.accountNumber })).maskedName).toBe(
      'Asha R.',
    );
  });
});

describe('contacts.add / list / update / remove', () => {
  it('adds, lists newest first, updates and removes a contact', async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    const c = await t.user('Meera Iyer');
    const ravi = await a.api.contacts.add({
      accountNumber: b.user.accountNumber,
      nickname: ' Ravi ',
      relation: 'brother',
    });
    expect(ravi).toMatchObject({
      accountNumber: b.user.accountNumber,
      nickname: 'Ravi',
      relation: 'brother',
    });
    expect(typeof ravi.createdAt).toBe('string');
    t.clock.advance(1000);
    const meera = await a.api.contacts.add({
      accountNumber: c.user.accountNumber,
      nickname: 'Meera',
    });
    expect(meera.relation).toBe('');
    expect((await a.api.contacts.list()).map((x) => x.id)).toEqual([meera.id, ravi.id]);

    const updated = await a.api.contacts.update({ contactId: ravi.id, relation: 'cousin' });
    expect(updated).toMatchObject({ id: ravi.id, nickname: 'Ravi', relation: 'cousin' });
    expect(await a.api.contacts.remove({ contactId: ravi.id })).toEqual({
      id: ravi.id,
      removed: true,
    });
    expect((await a.api.contacts.list()).map((x) => x.id)).toEqual([meera.id]);
  });

  it('refuses a duplicate, yourself, an unknown account and an empty nickname', async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    await a.api.contacts.add({ accountNumber: b.user.accountNumber, nickname: 'Ravi' });
    const cases = [
      [{ accountNumber: b.user.accountNumber, nickname: 'Again' }, 'CONFLICT', 'DUPLICATE_CONTACT'],
      [{ accountNumber: a.user.accountNumber, nickname: 'Me' }, 'BAD_REQUEST', 'SELF_CONTACT'],
      [{ accountNumber: 999_999, nickname: 'Nobody' }, 'NOT_FOUND', 'ACCOUNT_NOT_FOUND'],
      [{ accountNumber: b.user.accountNumber, nickname: '   ' }, 'BAD_REQUEST', null],
    ] as const;
    for (const [input, code, domainCode] of cases) {
      expect(await refusal(a.api.contacts.add(input))).toMatchObject({ code, domainCode });
    }
    expect(await a.api.contacts.list()).toHaveLength(1);
  });

  it("user B can neither see, change nor remove A's contacts", async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    const c = await t.user('Meera Iyer');
    const contact = await a.api.contacts.add({
      accountNumber: c.user.accountNumber,
      nickname: 'Meera',
    });
    expect(await b.api.contacts.list()).toEqual([]);
    expect(
      await refusal(b.api.contacts.update({ contactId: contact.id, nickname: 'x' })),
    ).toMatchObject({
      code: 'NOT_FOUND',
      domainCode: 'CONTACT_NOT_FOUND',
    });
    expect((await refusal(b.api.contacts.remove({ contactId: contact.id }))).domainCode).toBe(
      'CONTACT_NOT_FOUND',
    );
    expect(await a.api.contacts.list()).toEqual([contact]);
  });

  it('refuses callers that are not logged in', async () => {
    const b = await t.user('Ravi Kumar');
    const anon = t.caller();
    const calls = [
      anon.contacts.list(),
      anon.contacts.lookup({ accountNumber: b.user.accountNumber }),
      anon.contacts.add({ accountNumber: b.user.accountNumber, nickname: 'Ravi' }),
      anon.contacts.update({ contactId: 'x', nickname: 'y' }),
      anon.contacts.remove({ contactId: 'x' }),
    ];
    // Refusals are awaited one by one below; mark them handled now (no unhandled rejection).
    for (const c of calls) c.catch(() => {});
    for (const call of calls) expect((await refusal(call)).domainCode).toBe('UNAUTHENTICATED');
  });
});

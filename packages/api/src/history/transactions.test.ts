import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMoneyTest, key, type Member, type MoneyTest, refusal } from '../testing/members.ts';

let t: MoneyTest;
beforeEach(() => {
  t = createMoneyTest();
});
afterEach(() => t.close());

/** Asha: deposit 100 (note 'salary'), pays Ravi 30 ('Dinner'), withdraws 10, saves 5; one second apart. */
async function story() {
  const a = await t.user('Asha Rao');
  const b = await t.user('Ravi Kumar');
  const ids: string[] = [];
  const step = async (call: (m: Member['api']) => Promise<{ transfer: { id: string } }>) => {
    t.clock.advance(1000);
    ids.push((await call(t.as(a.user))).transfer.id);
  };
  await step((api) =>
    api.payments.deposit({ amount: 100_00, note: 'salary', idempotencyKey: key() }),
  );
  await step((api) =>
    api.payments.transfer({
      toAccountNumber: b.user.accountNumber,
      amount: 30_00,
      note: 'Dinner',
      idempotencyKey: key(),
    }),
  );
  await step((api) => api.payments.withdraw({ amount: 10_00, idempotencyKey: key() }));
  const goal = await a.api.savings.create({ name: 'Bike', targetAmount: 100_00 });
  await step((api) =>
    api.savings.deposit({ goalId: goal.id, amount: 5_00, idempotencyKey: key() }),
  );
  return { a, b, ids };
}

describe('transactions.list', () => {
  it('lists newest first, signed from the caller view, for both sides of a transfer', async () => {
    const { a, b, ids } = await story();
    const page = await a.api.transactions.list();
    expect(page.items.map((i) => i.id)).toEqual([...ids].reverse());
    expect(page.items.map((i) => [i.kind, i.amount, i.balanceAfter])).toEqual([
      ['goal_deposit', -5_00, 55_00],
      ['withdrawal', -10_00, 60_00],
      ['transfer', -30_00, 70_00],
      ['deposit', 100_00, 100_00],
    ]);
    expect(page.nextCursor).toBeNull();
    const theirs = await b.api.transactions.list({});
    expect(theirs.items).toHaveLength(1);
    expect(theirs.items[0]).toMatchObject({
      id: ids[1],
      amount: 30_00,
      balanceAfter: 30_00,
      note: 'Dinner',
      counterparty: { type: 'user', name: 'Asha Rao', accountNumber: a.user.accountNumber },
    });
  });

  it('pages with a stable cursor: every item once, then a null cursor', async () => {
    const { a, ids } = await story();
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 5; pages++) {
      const page = await a.api.transactions.list({ limit: 3, ...(cursor && { cursor }) });
      seen.push(...page.items.map((i) => i.id));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
      // A transfer arriving between pages must not shift or repeat the next page.
      await t.as(a.user).payments.deposit({ amount: 1, idempotencyKey: key() });
    }
    expect(seen).toEqual([...ids].reverse());
  });

  it('filters by one kind or several', async () => {
    const { a } = await story();
    const one = await a.api.transactions.list({ kind: 'transfer' });
    expect(one.items.map((i) => i.kind)).toEqual(['transfer']);
    const two = await a.api.transactions.list({ kind: ['deposit', 'withdrawal'] });
    expect(two.items.map((i) => i.kind)).toEqual(['withdrawal', 'deposit']);
  });

  it('searches the note and the counterparty name, case-insensitively', async () => {
    const { a } = await story();
    expect((await a.api.transactions.list({ q: 'dinner' })).items.map((i) => i.note)).toEqual([
      'Dinner',
    ]);
    expect((await a.api.transactions.list({ q: 'ravi' })).items).toHaveLength(1);
    expect((await a.api.transactions.list({ q: 'bike' })).items.map((i) => i.kind)).toEqual([
      'goal_deposit',
    ]);
    expect((await a.api.transactions.list({ q: '%' })).items).toHaveLength(0);
  });

  it('refuses control characters in a search (a NUL is a 400, not a store error)', async () => {
    const { a } = await story();
    for (const q of ['din\u0000ner', 'a\nb', '\u007f']) {
      expect((await refusal(a.api.transactions.list({ q }))).code).toBe('BAD_REQUEST');
    }
  });

  it('filters by date range: datetimes exactly, bare dates as whole days in the configured zone', async () => {
    await t.close();
    t = createMoneyTest({ timeZone: 'Asia/Kolkata' });
    const a = await t.user('Asha Rao');
    t.clock.t = Date.parse('2025-06-30T17:00:00Z'); // 22:30 on 30 June in India
    await t.as(a.user).payments.deposit({ amount: 1_00, idempotencyKey: key() });
    t.clock.t = Date.parse('2025-06-30T19:00:00Z'); // 00:30 on 1 July in India
    await t.as(a.user).payments.deposit({ amount: 2_00, idempotencyKey: key() });
    const amounts = async (from?: string, to?: string) =>
      (
        await t.as(a.user).transactions.list({ ...(from && { from }), ...(to && { to }) })
      ).items.map((i) => i.amount);
    expect(await amounts('2025-06-30', '2025-06-30')).toEqual([1_00]);
    expect(await amounts('2025-07-01')).toEqual([2_00]);
    expect(await amounts(undefined, '2025-06-30T19:00:00Z')).toEqual([1_00]);
    expect(await amounts('2025-06-30T19:00:00.000+00:00')).toEqual([2_00]);
  });

  it('refuses bad limits, kinds, dates, long queries and a forged cursor', async () => {
    const { a } = await story();
    const bad = [
      { limit: 0 },
      { limit: 101 },
      { limit: 2.5 },
      { kind: 'refund' },
      { kind: [] },
      { from: 'yesterday' },
      { q: 'x'.repeat(101) },
      { cursor: 'not-a-cursor' },
      { cursor: '' },
    ];
    for (const input of bad) {
      // @ts-expect-error deliberately malformed input
      expect((await refusal(a.api.transactions.list(input))).code).toBe('BAD_REQUEST');
    }
  });
});

describe('transactions.get', () => {
  it('returns a transfer from whichever side the caller is on', async () => {
    const { a, b, ids } = await story();
    const id = ids[1] ?? '';
    expect(await a.api.transactions.get({ id })).toMatchObject({
      id,
      amount: -30_00,
      counterparty: { name: 'Ravi Kumar' },
    });
    expect(await b.api.transactions.get({ id })).toMatchObject({
      id,
      amount: 30_00,
      counterparty: { name: 'Asha Rao' },
    });
  });

  it("never reveals someone else's transfer", async () => {
    const { b, ids } = await story();
    const c = await t.user('Meera Iyer');
    for (const [caller, id] of [
      [b, ids[0]],
      [c, ids[1]],
      [c, 'nonexistent'],
    ] as const) {
      const r = await refusal(caller.api.transactions.get({ id: id ?? '' }));
      expect(r).toMatchObject({ code: 'NOT_FOUND', domainCode: 'TRANSFER_NOT_FOUND' });
    }
    expect((await c.api.transactions.list()).items).toEqual([]);
  });

  it('refuses callers that are not logged in', async () => {
    const anon = t.caller();
    expect((await refusal(anon.transactions.list())).domainCode).toBe('UNAUTHENTICATED');
    expect((await refusal(anon.transactions.get({ id: 'x' }))).domainCode).toBe('UNAUTHENTICATED');
  });
});

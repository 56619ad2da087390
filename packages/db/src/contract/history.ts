import { describe, expect, it } from 'vitest';
import { goalAccount, type LedgerAccountId, userAccount } from '../ids.ts';
import type { Store } from '../store.ts';
import type { HistoryEntry } from '../types.ts';
import {
  allHistory,
  deposit,
  m,
  makeUser,
  post,
  type StoreFactory,
  send,
  storeEnv,
  T0,
  TestClock,
  withdraw,
} from './helpers.ts';

const DAY = 86_400_000;
const ids = (entries: HistoryEntry[]) => entries.map((e) => e.transfer.id);

/** Pages through history with `limit`, calling `between` after each page. */
async function pageThrough(
  store: Store,
  account: LedgerAccountId,
  limit: number,
  between: () => Promise<void> = async () => {},
) {
  const pages: HistoryEntry[][] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listHistory(account, { limit, cursor });
    pages.push(page.items);
    cursor = page.nextCursor;
    await between();
  } while (cursor !== null && pages.length < 100);
  return pages;
}

export function historyContract(factory: StoreFactory): void {
  describe('history', () => {
    const env = storeEnv(factory);

    async function setup(clock = new TestClock(T0, 1)) {
      const store = await env.open({ now: clock.now });
      const asha = await makeUser(store, 'Asha Rao');
      const ravi = await makeUser(store, 'Ravi Kumar');
      return { store, clock, asha, ravi, account: userAccount(asha.id) };
    }

    it('lists newest first with signed amounts, running balances and the counterparty', async () => {
      const { store, asha, ravi, account } = await setup();
      const d = await deposit(store, asha, 1000, 'salary');
      const out = await send(store, asha, ravi, 300, 'rent');
      const back = await send(store, ravi, asha, 100, 'refund');
      const w = await withdraw(store, asha, 200, 'atm');
      const { items, nextCursor } = await store.listHistory(account, {});
      expect(nextCursor).toBeNull();
      expect(ids(items)).toEqual([w, back, out, d].map((r) => r.transfer.id));
      expect(items.map((e) => [e.amount, e.balanceAfter, e.counterparty.label])).toEqual([
        [-200, 600, 'Cash'],
        [100, 800, 'Ravi Kumar'],
        [-300, 700, 'Ravi Kumar'],
        [1000, 1000, 'Cash'],
      ]);
      expect(items[1]?.transfer).toEqual(back.transfer);
      const createdAt = items.map((e) => e.transfer.createdAt.getTime());
      expect([...createdAt].sort((a, b) => b - a)).toEqual(createdAt);
    });

    it('an account without transfers has an empty history', async () => {
      const { store, account } = await setup();
      expect(await store.listHistory(account, {})).toEqual({ items: [], nextCursor: null });
    });

    it('the default page size is 20', async () => {
      const { store, asha, account } = await setup();
      for (let i = 0; i < 25; i++) await deposit(store, asha, 1);
      const page = await store.listHistory(account, {});
      expect(page.items).toHaveLength(20);
      expect(page.nextCursor).not.toBeNull();
    });

    it('cursor paging over 55 transfers yields each exactly once, newest first', async () => {
      const { store, asha, account } = await setup();
      const posted: string[] = [];
      for (let i = 1; i <= 55; i++) posted.push((await deposit(store, asha, i)).transfer.id);
      const pages = await pageThrough(store, account, 10);
      expect(pages.map((p) => p.length)).toEqual([10, 10, 10, 10, 10, 5]);
      expect(pages.flat().map((e) => e.transfer.id)).toEqual(posted.reverse());
    });

    it('paging is not disturbed by transfers posted between pages', async () => {
      const { store, asha, ravi, account } = await setup();
      const posted: string[] = [];
      for (let i = 1; i <= 55; i++) posted.push((await deposit(store, asha, i)).transfer.id);
      const pages = await pageThrough(store, account, 10, async () => {
        await deposit(store, asha, 7);
        await send(store, asha, ravi, 3);
      });
      expect(pages.flat().map((e) => e.transfer.id)).toEqual(posted.reverse());
    });

    it('paging yields each transfer exactly once when they share one millisecond', async () => {
      const { store, asha, account } = await setup(new TestClock(T0, 0));
      const posted = new Set<string>();
      for (let i = 1; i <= 55; i++) posted.add((await deposit(store, asha, i)).transfer.id);
      const seen = (await pageThrough(store, account, 10)).flat().map((e) => e.transfer.id);
      expect(seen).toHaveLength(55);
      expect(new Set(seen)).toEqual(posted);
    });

    it('paging with the real clock yields each transfer exactly once', async () => {
      const store = await env.open();
      const asha = await makeUser(store, 'Asha Rao');
      const posted = new Set<string>();
      for (let i = 1; i <= 55; i++) posted.add((await deposit(store, asha, i)).transfer.id);
      const seen = (await pageThrough(store, userAccount(asha.id), 7)).flat();
      expect(seen).toHaveLength(55);
      expect(new Set(ids(seen))).toEqual(posted);
      const times = seen.map((e) => e.transfer.createdAt.getTime());
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });

    it('filters by kinds, also across pages', async () => {
      const { store, asha, ravi, account } = await setup();
      const deposits: string[] = [];
      for (let i = 0; i < 12; i++) {
        deposits.push((await deposit(store, asha, 100)).transfer.id);
        await withdraw(store, asha, 10);
        await send(store, asha, ravi, 5);
      }
      const onlyDeposits = await allHistory(store, account, { kinds: ['deposit'], limit: 5 });
      expect(ids(onlyDeposits)).toEqual([...deposits].reverse());
      const outgoing = await allHistory(store, account, { kinds: ['withdrawal', 'transfer'] });
      expect(outgoing).toHaveLength(24);
      expect(outgoing.every((e) => e.amount < 0)).toBe(true);
    });

    it('from is inclusive and to is exclusive', async () => {
      const { store, clock, asha, account } = await setup(new TestClock(T0, 0));
      const byDay: string[] = [];
      for (let d = 0; d < 5; d++) {
        clock.set(T0 + d * DAY);
        byDay.push((await deposit(store, asha, 100 + d)).transfer.id);
      }
      const mid = await allHistory(store, account, {
        from: new Date(T0 + DAY),
        to: new Date(T0 + 3 * DAY),
      });
      expect(ids(mid)).toEqual([byDay[2], byDay[1]]);
      expect(ids(await allHistory(store, account, { from: new Date(T0 + 4 * DAY) }))).toEqual([
        byDay[4],
      ]);
      expect(ids(await allHistory(store, account, { to: new Date(T0 + 1) }))).toEqual([byDay[0]]);
      expect(await allHistory(store, account, { from: new Date(T0 + 9 * DAY) })).toEqual([]);
    });

    it('q matches the note case-insensitively', async () => {
      const { store, asha, account } = await setup();
      const rent = await deposit(store, asha, 100, 'March RENT share');
      await deposit(store, asha, 100, 'groceries');
      expect(ids(await allHistory(store, account, { q: 'rent' }))).toEqual([rent.transfer.id]);
      expect(ids(await allHistory(store, account, { q: 'mArCh r' }))).toEqual([rent.transfer.id]);
    });

    it("q matches the counterparty's label case-insensitively but not the account's own", async () => {
      const { store, asha, ravi, account } = await setup();
      await deposit(store, asha, 1000);
      const toRavi = await send(store, asha, ravi, 100, 'x');
      const fromRavi = await send(store, ravi, asha, 50, 'y');
      expect(ids(await allHistory(store, account, { q: 'RAVI' }))).toEqual([
        fromRavi.transfer.id,
        toRavi.transfer.id,
      ]);
      expect(await allHistory(store, account, { q: 'asha' })).toEqual([]);
      expect(await allHistory(store, account, { q: 'cash' })).toHaveLength(1);
    });

    it('q treats % and _ literally', async () => {
      const { store, asha, account } = await setup();
      const pct = await deposit(store, asha, 1, '100% sure');
      await deposit(store, asha, 1, '100 percent');
      const und = await deposit(store, asha, 1, 'a_b');
      await deposit(store, asha, 1, 'axb');
      const slash = await deposit(store, asha, 1, 'back\\slash');
      expect(ids(await allHistory(store, account, { q: '%' }))).toEqual([pct.transfer.id]);
      expect(ids(await allHistory(store, account, { q: '0%' }))).toEqual([pct.transfer.id]);
      expect(ids(await allHistory(store, account, { q: 'a_b' }))).toEqual([und.transfer.id]);
      expect(ids(await allHistory(store, account, { q: '_' }))).toEqual([und.transfer.id]);
      expect(ids(await allHistory(store, account, { q: '\\' }))).toEqual([slash.transfer.id]);
      expect(await allHistory(store, account, { q: '.*' })).toEqual([]);
    });

    it('kinds, range and q combine', async () => {
      const { store, clock, asha, ravi, account } = await setup(new TestClock(T0, 0));
      await deposit(store, asha, 10_000, 'rent money');
      clock.set(T0 + DAY);
      const hit = await send(store, asha, ravi, 100, 'rent');
      await withdraw(store, asha, 100, 'rent cash');
      clock.set(T0 + 2 * DAY);
      await send(store, asha, ravi, 100, 'rent');
      const found = await allHistory(store, account, {
        kinds: ['transfer'],
        from: new Date(T0 + DAY),
        to: new Date(T0 + 2 * DAY),
        q: 'RENT',
      });
      expect(ids(found)).toEqual([hit.transfer.id]);
    });

    it("a goal's history shows its deposits as money in", async () => {
      const { store, asha } = await setup();
      await deposit(store, asha, 1000);
      const goal = await store.createGoal({
        ownerId: asha.id,
        name: 'Bike',
        targetAmount: m(5000),
      });
      await post(store, 'goal_deposit', userAccount(asha.id), goalAccount(goal.id), 400, asha);
      const [entry] = await allHistory(store, goalAccount(goal.id));
      expect(entry).toMatchObject({ amount: 400, balanceAfter: 400 });
      expect(entry?.counterparty).toMatchObject({ label: 'Asha Rao', ownerId: asha.id });
    });

    it('flowSums adds money in and out over each range, in the order given', async () => {
      const { store, clock, asha, ravi, account } = await setup(new TestClock(T0, 0));
      await deposit(store, asha, 10_000); // day 0
      clock.set(T0 + DAY);
      await send(store, asha, ravi, 1234); // day 1
      await send(store, ravi, asha, 200);
      const goal = await store.createGoal({ ownerId: asha.id, name: 'Bike', targetAmount: m(9) });
      await post(store, 'goal_deposit', account, goalAccount(goal.id), 501, asha);
      clock.set(T0 + 2 * DAY);
      await withdraw(store, asha, 7); // day 2
      await post(store, 'goal_withdrawal', goalAccount(goal.id), account, 1, asha);
      const range = (a: number, b: number) => ({
        from: new Date(T0 + a * DAY),
        to: new Date(T0 + b * DAY),
      });
      const sums = await store.flowSums(account, [
        range(1, 2),
        range(0, 1),
        range(0, 3),
        range(5, 6),
        range(2, 3),
      ]);
      expect(sums).toEqual([
        { income: 200, expense: -1735 },
        { income: 10_000, expense: 0 },
        { income: 10_201, expense: -1742 },
        { income: 0, expense: 0 },
        { income: 1, expense: -7 },
      ]);
      expect(await store.flowSums(account, [])).toEqual([]);
    });
  });
}

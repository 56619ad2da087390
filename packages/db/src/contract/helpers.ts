import { randomUUID } from 'node:crypto';
import { afterEach, expect } from 'vitest';
import { CASH_SUBACCOUNTS, cashAccountFor } from '../cash.ts';
import { type DomainCode, DomainError } from '../errors.ts';
import { type LedgerAccountId, SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { type Minor, minor } from '../money.ts';
import type { Store } from '../store.ts';
import type {
  HistoryEntry,
  HistoryQuery,
  NewUser,
  PostedTransfer,
  TransferKind,
  User,
} from '../types.ts';

/** How a contract run obtains stores: every test opens its own, fresh and empty. */
export interface StoreFactory {
  open(opts: { maxAmount?: Minor; now?: () => number }): Promise<Store>;
  /** Runs after each test for every store it opened, before `store.close()`. */
  cleanup?(store: Store): Promise<void>;
  /**
   * Closes `store` and opens the same database again (a restart). Optional: without it
   * the durability tests are skipped. After the test, cleanup runs for both stores, the
   * old one first and already closed: it must not fail on a closed store.
   */
  reopen?(store: Store, opts: { maxAmount?: Minor; now?: () => number }): Promise<Store>;
}

export interface StoreEnv {
  open(opts?: { maxAmount?: Minor; now?: () => number }): Promise<Store>;
  /** Releases a store obtained elsewhere (e.g. from `reopen`) after the test too. */
  adopt(store: Store): void;
}

/** Opens stores for the current test and closes them after it. */
export function storeEnv(factory: StoreFactory): StoreEnv {
  let opened: Store[] = [];
  afterEach(async () => {
    const stores = opened;
    opened = [];
    for (const s of stores) await release(factory, s);
  });
  return {
    async open(opts = {}) {
      const s = await factory.open(opts);
      opened.push(s);
      return s;
    },
    adopt(store) {
      opened.push(store);
    },
  };
}

export async function release(factory: StoreFactory, store: Store): Promise<void> {
  try {
    await factory.cleanup?.(store);
  } finally {
    await store.close();
  }
}

/** 2024-01-01T00:00:00Z: a multiple of every window length the tests use. */
export const T0 = Date.UTC(2024, 0, 1);

/** A clock the test moves by hand. `tick` > 0 advances it on every read. */
export class TestClock {
  constructor(
    public t = T0,
    private readonly tick = 0,
  ) {}
  readonly now = (): number => {
    const v = this.t;
    this.t += this.tick;
    return v;
  };
  advance(ms: number): void {
    this.t += ms;
  }
  set(t: number): void {
    this.t = t;
  }
}

export const m = (n: number): Minor => minor(n);
/** An amount the type system would refuse, to check the store refuses it too. */
export const rawAmount = (n: number): Minor => n as Minor;
export const key = (): string => randomUUID();

let phoneSeq = 0;
export function newUserInput(fullName = 'Asha Rao', extra: Partial<NewUser> = {}): NewUser {
  phoneSeq += 1;
  return {
    fullName,
    phone: `+9198${String(phoneSeq).padStart(8, '0')}`,
    passwordHash: `hash-${phoneSeq}`,
    ...extra,
  };
}

export const makeUser = (store: Store, fullName = 'Asha Rao'): Promise<User> =>
  store.createUser(newUserInput(fullName));

/**
 * A new user whose cash movements use the same cash sub-account as `other`'s (cash.ts):
 * for tests about the cash side's own balance. Sign-ups until one hashes alike (about
 * CASH_SUBACCOUNTS on average; capped).
 */
export async function makeUserSharingCash(
  store: Store,
  other: User,
  fullName = 'Ravi Kumar',
): Promise<User> {
  const wanted = cashAccountFor(userAccount(other.id));
  for (let i = 0; i < 50 * CASH_SUBACCOUNTS; i++) {
    const user = await makeUser(store, fullName);
    if (cashAccountFor(userAccount(user.id)) === wanted) return user;
  }
  return expect.fail('no user hashed to the same cash sub-account');
}

export function post(
  store: Store,
  kind: TransferKind,
  debit: LedgerAccountId,
  credit: LedgerAccountId,
  amount: number,
  initiator: User,
  extra: { note?: string; idempotencyKey?: string } = {},
): Promise<PostedTransfer> {
  return store.postTransfer({
    kind,
    debit,
    credit,
    amount: rawAmount(amount),
    initiatorId: initiator.id,
    idempotencyKey: extra.idempotencyKey ?? key(),
    ...(extra.note === undefined ? {} : { note: extra.note }),
  });
}

export const deposit = (store: Store, u: User, amount: number, note?: string) =>
  post(store, 'deposit', SYSTEM_ACCOUNT, userAccount(u.id), amount, u, { note });

export const withdraw = (store: Store, u: User, amount: number, note?: string) =>
  post(store, 'withdrawal', userAccount(u.id), SYSTEM_ACCOUNT, amount, u, { note });

export const send = (store: Store, from: User, to: User, amount: number, note?: string) =>
  post(store, 'transfer', userAccount(from.id), userAccount(to.id), amount, from, { note });

/** Awaits a promise that must be refused with the given domain code. */
export async function expectRefusal(p: Promise<unknown>, code: DomainCode): Promise<DomainError> {
  let outcome: unknown;
  try {
    outcome = await p;
  } catch (e) {
    expect(e, `expected DomainError ${code}`).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe(code);
    return e as DomainError;
  }
  return expect.fail(`expected refusal ${code}, got ${JSON.stringify(outcome)}`);
}

/** Every history entry of an account, following cursors (guards against cursor loops). */
export async function allHistory(
  store: Store,
  account: LedgerAccountId,
  query: Omit<HistoryQuery, 'cursor'> = {},
): Promise<HistoryEntry[]> {
  const out: HistoryEntry[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const res = await store.listHistory(account, { limit: 100, ...query, cursor });
    out.push(...res.items);
    if (res.nextCursor === null) return out;
    cursor = res.nextCursor;
  }
  return expect.fail('history paging did not end after 1000 pages');
}

/** Everything a refusal must leave alone: balances, history and the ledger report. */
export async function ledgerSnapshot(store: Store, accounts: LedgerAccountId[]) {
  const all: LedgerAccountId[] = [SYSTEM_ACCOUNT, ...accounts];
  const balances = await Promise.all(all.map((a) => store.getBalance(a)));
  const histories = await Promise.all(
    all.map(async (a) => (await allHistory(store, a)).map((e) => [e.transfer.id, e.amount])),
  );
  const report = await store.verifyLedger();
  return { balances, histories, report };
}

/** Asserts `p` is refused with `code` and that nothing observable changed. */
export async function expectRefusedUnchanged(
  store: Store,
  accounts: LedgerAccountId[],
  code: DomainCode,
  attempt: () => Promise<unknown>,
): Promise<void> {
  const before = await ledgerSnapshot(store, accounts);
  expect(before.report.ok).toBe(true);
  await expectRefusal(attempt(), code);
  const after = await ledgerSnapshot(store, accounts);
  expect(after).toEqual(before);
}

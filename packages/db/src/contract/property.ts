import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DomainCode } from '../errors.ts';
import {
  type GoalId,
  goalAccount,
  type LedgerAccountId,
  SYSTEM_ACCOUNT,
  userAccount,
} from '../ids.ts';
import type { Store } from '../store.ts';
import type { PostTransferInput, User } from '../types.ts';
import {
  expectRefusal,
  key,
  m,
  makeUser,
  rawAmount,
  release,
  type StoreFactory,
  T0,
  TestClock,
} from './helpers.ts';

const MAX = 10_000;
const USERS = 3;
/** Goal i belongs to user GOAL_OWNERS[i]. */
const GOAL_OWNERS = [0, 0, 1] as const;

const amount = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 6_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, -700, 1.5, Number.NaN, MAX, MAX + 1) },
);
const user = fc.integer({ min: 0, max: USERS - 1 });
const goal = fc.integer({ min: 0, max: GOAL_OWNERS.length - 1 });
const pick = fc.nat();

const command = fc.oneof(
  fc.record({ op: fc.constant('deposit' as const), user, amount }),
  fc.record({ op: fc.constant('withdraw' as const), user, amount }),
  fc.record({ op: fc.constant('transfer' as const), from: user, to: user, amount }),
  fc.record({ op: fc.constant('goalDeposit' as const), goal, amount }),
  fc.record({ op: fc.constant('goalWithdraw' as const), goal, amount }),
  fc.record({ op: fc.constant('closeGoal' as const), goal, sameKey: fc.boolean() }),
  fc.record({ op: fc.constant('replay' as const), pick }),
  fc.record({ op: fc.constant('conflict' as const), pick }),
);
type Command = typeof command extends fc.Arbitrary<infer C> ? C : never;

/** What the store should hold, kept by plain arithmetic beside it. */
class Model {
  balances = new Map<LedgerAccountId, number>();
  closed = new Set<LedgerAccountId>();
  closeKeys = new Map<GoalId, { key: string; refunded: number }>();
  transfers = 0;
  posted: { input: PostTransferInput; id: string }[] = [];

  bal(a: LedgerAccountId): number {
    return this.balances.get(a) ?? 0;
  }
  /** The refusal the spec demands for a fresh request, in the spec's order; null if it posts. */
  refusal(i: PostTransferInput): DomainCode | null {
    if (!Number.isSafeInteger(i.amount) || i.amount <= 0 || i.amount > MAX) return 'INVALID_AMOUNT';
    if (i.debit === i.credit) return 'SELF_TRANSFER';
    if (this.closed.has(i.debit) || this.closed.has(i.credit)) return 'GOAL_CLOSED';
    if (i.debit !== SYSTEM_ACCOUNT && this.bal(i.debit) < i.amount) return 'INSUFFICIENT_FUNDS';
    return null;
  }
  apply(i: PostTransferInput, id: string): void {
    if (i.debit !== SYSTEM_ACCOUNT) this.balances.set(i.debit, this.bal(i.debit) - i.amount);
    if (i.credit !== SYSTEM_ACCOUNT) this.balances.set(i.credit, this.bal(i.credit) + i.amount);
    this.transfers += 1;
    this.posted.push({ input: i, id });
  }
}

interface World {
  store: Store;
  model: Model;
  users: User[];
  goals: GoalId[];
}

function at<T>(list: readonly T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`no element ${i}`);
  return v;
}

function input(w: World, c: Command): PostTransferInput | null {
  const req = (
    kind: PostTransferInput['kind'],
    u: number,
    debit: LedgerAccountId,
    credit: LedgerAccountId,
    n: number,
  ) => ({
    kind,
    debit,
    credit,
    amount: rawAmount(n),
    initiatorId: at(w.users, u).id,
    idempotencyKey: key(),
  });
  const main = (u: number) => userAccount(at(w.users, u).id);
  const g = (i: number) => goalAccount(at(w.goals, i));
  switch (c.op) {
    case 'deposit':
      return req('deposit', c.user, SYSTEM_ACCOUNT, main(c.user), c.amount);
    case 'withdraw':
      return req('withdrawal', c.user, main(c.user), SYSTEM_ACCOUNT, c.amount);
    case 'transfer':
      return req('transfer', c.from, main(c.from), main(c.to), c.amount);
    case 'goalDeposit':
      return req(
        'goal_deposit',
        at(GOAL_OWNERS, c.goal),
        main(at(GOAL_OWNERS, c.goal)),
        g(c.goal),
        c.amount,
      );
    case 'goalWithdraw':
      return req(
        'goal_withdrawal',
        at(GOAL_OWNERS, c.goal),
        g(c.goal),
        main(at(GOAL_OWNERS, c.goal)),
        c.amount,
      );
    default:
      return null;
  }
}

async function step(w: World, c: Command): Promise<void> {
  const { store, model } = w;
  const fresh = input(w, c);
  if (fresh) {
    const code = model.refusal(fresh);
    if (code) await expectRefusal(store.postTransfer(fresh), code);
    else model.apply(fresh, (await store.postTransfer(fresh)).transfer.id);
    return;
  }
  if (c.op === 'replay' || c.op === 'conflict') {
    if (model.posted.length === 0) return;
    const earlier = at(model.posted, c.pick % model.posted.length);
    if (c.op === 'replay') {
      const res = await store.postTransfer(earlier.input);
      expect(res.replayed).toBe(true);
      expect(res.transfer.id).toBe(earlier.id);
    } else {
      const other = { ...earlier.input, amount: rawAmount(earlier.input.amount + 1) };
      await expectRefusal(store.postTransfer(other), 'IDEMPOTENCY_CONFLICT');
    }
    return;
  }
  if (c.op !== 'closeGoal') return;
  const goalId = at(w.goals, c.goal);
  const ownerId = at(w.users, at(GOAL_OWNERS, c.goal)).id;
  const earlier = model.closeKeys.get(goalId);
  if (earlier && c.sameKey) {
    const res = await store.closeGoal({ goalId, ownerId, idempotencyKey: earlier.key });
    expect(res).toMatchObject({ replayed: true, refunded: earlier.refunded });
    return;
  }
  const idempotencyKey = key();
  if (earlier) {
    await expectRefusal(store.closeGoal({ goalId, ownerId, idempotencyKey }), 'GOAL_CLOSED');
    return;
  }
  const ga = goalAccount(goalId);
  const main = userAccount(ownerId);
  const refund = model.bal(ga);
  const res = await store.closeGoal({ goalId, ownerId, idempotencyKey });
  model.balances.set(main, model.bal(main) + refund);
  model.balances.set(ga, 0);
  model.closed.add(ga);
  model.closeKeys.set(goalId, { key: idempotencyKey, refunded: refund });
  if (refund > 0) model.transfers += 1;
  expect(res).toMatchObject({ replayed: false, refunded: refund, balance: model.bal(main) });
}

async function expectInvariants(w: World): Promise<void> {
  const report = await w.store.verifyLedger();
  expect(report).toMatchObject({ ok: true, total: 0, problems: [], transfers: w.model.transfers });
  let customers = 0;
  for (const [account, expected] of w.model.balances) {
    const actual = await w.store.getBalance(account);
    expect(actual, account).toBe(expected);
    expect(actual).toBeGreaterThanOrEqual(0);
    customers += actual;
  }
  expect((await w.store.getBalance(SYSTEM_ACCOUNT)) + customers).toBe(0);
  for (const id of w.goals) {
    const closed = w.model.closed.has(goalAccount(id));
    expect((await w.store.getGoal(id))?.status).toBe(closed ? 'closed' : 'active');
  }
}

export function propertyContract(factory: StoreFactory): void {
  describe('ledger properties', () => {
    it('random operation sequences keep every invariant after every step', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 40 }), async (commands) => {
          const store = await factory.open({ maxAmount: m(MAX), now: new TestClock(T0, 1).now });
          try {
            const users: User[] = [];
            for (let i = 0; i < USERS; i++) users.push(await makeUser(store, `User ${i}`));
            const goals: GoalId[] = [];
            for (const owner of GOAL_OWNERS) {
              goals.push(
                (
                  await store.createGoal({
                    ownerId: at(users, owner).id,
                    name: 'Goal',
                    targetAmount: m(MAX),
                  })
                ).id,
              );
            }
            const model = new Model();
            for (const u of users) model.balances.set(userAccount(u.id), 0);
            for (const g of goals) model.balances.set(goalAccount(g), 0);
            const world = { store, model, users, goals };
            for (const c of commands) {
              await step(world, c);
              await expectInvariants(world);
            }
          } finally {
            await release(factory, store);
          }
        }),
        { numRuns: 30 },
      );
    }, 120_000);
  });
}

import type { GoalsArea } from '../areas.ts';
import { DomainError } from '../errors.ts';
import { goalAccount, newId, userAccount } from '../ids.ts';
import type { Minor } from '../money.ts';
import { newGoalFields } from '../records.ts';
import { mergeGoalPatch } from '../rules.ts';
import type { ClosedGoal, CloseGoalInput, Goal, GoalPatch, NewGoal, Transfer } from '../types.ts';
import type { SqliteContext } from './context.ts';
import { type GoalRow, toGoal } from './rows.ts';

const SELECT = `SELECT g.*, COALESCE(a.balance, 0) AS balance FROM goals g
  LEFT JOIN ledger_accounts a ON a.id = 'g:' || g.id`;

export function goals({ db, now, posting }: SqliteContext): GoalsArea {
  const byId = db.prepare<[string], GoalRow>(`${SELECT} WHERE g.id = ?`);
  const byOwner = db.prepare<[string, number], GoalRow>(
    `${SELECT} WHERE g.owner_id = ? AND (? OR g.status = 'active')
     ORDER BY g.created_at DESC, g.rowid DESC`,
  );
  const userExists = db.prepare<[string], number>('SELECT 1 FROM users WHERE id = ?').pluck();
  const insert = db.prepare<
    [Omit<GoalRow, 'balance' | `close_${string}` | 'closed_at' | 'status'>]
  >(`
    INSERT INTO goals (id, owner_id, name, target_amount, color, description, target_date, created_at)
    VALUES (@id, @owner_id, @name, @target_amount, @color, @description, @target_date, @created_at)`);
  const insertAccount = db.prepare<[string, string, string]>(
    `INSERT INTO ledger_accounts (id, type, owner_id, label, balance) VALUES (?, 'goal', ?, ?, 0)`,
  );
  type Fields = 'id' | 'name' | 'target_amount' | 'color' | 'description' | 'target_date';
  const update = db.prepare<[Pick<GoalRow, Fields>]>(`
    UPDATE goals SET name = @name, target_amount = @target_amount, color = @color,
      description = @description, target_date = @target_date WHERE id = @id`);
  const relabel = db.prepare<[string, string]>('UPDATE ledger_accounts SET label = ? WHERE id = ?');
  const markClosed = db.prepare<[number, string, number, string | null, number, string]>(`
    UPDATE goals SET status = 'closed', closed_at = ?, close_key = ?, close_refunded = ?,
      close_transfer_id = ?, close_balance = ? WHERE id = ?`);
  const closeAccount = db.prepare<[string]>(
    `UPDATE ledger_accounts SET status = 'closed' WHERE id = ?`,
  );

  const get = (id: string): Goal | null => {
    const row = byId.get(id);
    return row ? toGoal(row) : null;
  };

  const owned = (id: string, ownerId: string): GoalRow => {
    const row = byId.get(id);
    if (!row || row.owner_id !== ownerId) throw new DomainError('GOAL_NOT_FOUND', 'no such goal');
    return row;
  };

  const create = db.transaction((input: NewGoal): Goal => {
    if (!userExists.get(input.ownerId)) throw new DomainError('USER_NOT_FOUND', 'no such user');
    const at = now();
    const id = newId(at);
    const g = newGoalFields(input);
    insert.run({
      id,
      owner_id: g.ownerId,
      name: g.name,
      target_amount: g.targetAmount,
      color: g.color,
      description: g.description,
      target_date: g.targetDate ? g.targetDate.getTime() : null,
      created_at: at,
    });
    insertAccount.run(goalAccount(id), input.ownerId, input.name);
    return get(id) as Goal;
  });

  const patch = db.transaction((id: string, ownerId: string, p: GoalPatch): Goal => {
    const row = owned(id, ownerId);
    if (row.status === 'closed') throw new DomainError('GOAL_CLOSED', 'the goal is closed');
    const next = mergeGoalPatch(toGoal(row), p);
    update.run({
      id,
      name: next.name,
      target_amount: next.targetAmount,
      color: next.color,
      description: next.description,
      target_date: next.targetDate ? next.targetDate.getTime() : null,
    });
    if (next.name !== row.name) relabel.run(next.name, goalAccount(id));
    return next;
  });

  // Refund and close in one transaction; the stored result answers replays of the key.
  const close = db.transaction((input: CloseGoalInput): ClosedGoal => {
    const row = owned(input.goalId, input.ownerId);
    if (row.status === 'closed') {
      if (row.close_key !== input.idempotencyKey) {
        throw new DomainError('GOAL_CLOSED', 'the goal is already closed');
      }
      return {
        goal: toGoal(row),
        refunded: (row.close_refunded ?? 0) as Minor,
        transfer: row.close_transfer_id ? posting.getTransfer(row.close_transfer_id) : null,
        balance: (row.close_balance ?? 0) as Minor,
        replayed: true,
      };
    }
    const main = userAccount(row.owner_id);
    let transfer: Transfer | null = null;
    let balance = posting.getBalance(main);
    if (row.balance > 0) {
      transfer = posting.post({
        kind: 'goal_refund',
        debit: goalAccount(row.id),
        credit: main,
        amount: row.balance as Minor,
        note: `Closed goal: ${row.name}`,
        initiatorId: input.ownerId,
        idempotencyKey: input.idempotencyKey,
      }).transfer;
      balance = transfer.credit.balanceAfter;
    }
    const at = now();
    markClosed.run(at, input.idempotencyKey, row.balance, transfer?.id ?? null, balance, row.id);
    closeAccount.run(goalAccount(row.id));
    return {
      goal: get(row.id) as Goal,
      refunded: row.balance as Minor,
      transfer,
      balance,
      replayed: false,
    };
  });

  return {
    createGoal: async (input) => create.immediate(input),
    getGoal: async (id) => get(id),
    listGoals: async (ownerId, options) =>
      byOwner.all(ownerId, options?.includeClosed ? 1 : 0).map(toGoal),
    updateGoal: async (id, ownerId, p) => patch.immediate(id, ownerId, p),
    closeGoal: async (input) => close.immediate(input),
  };
}

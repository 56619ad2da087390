/**
 * The load both crash children put on a store: funded users (found again on a rerun)
 * and random transfers between them. Each child decides what to print and when to die.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { minor } from '../money.ts';
import type { Store } from '../store.ts';
import type { Transfer, User } from '../types.ts';

/** The phone number of the i-th funded user (how a parent finds them again). */
export const crashPhone = (i: number): string => `+9190000000${String(i).padStart(2, '0')}`;

export async function fundedUsers(store: Store, count: number, funding: number): Promise<User[]> {
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const phone = crashPhone(i);
    const found = await store.findUserByPhone(phone);
    // Every other user has transfer alerts on: their alerts are written with the transfer.
    const user =
      found ??
      (await store.createUser({
        fullName: `U${i}`,
        phone,
        passwordHash: 'h',
        smsAlerts: i % 2 === 0,
      }));
    // Fixed keys: a rerun (or a crash during set-up) funds each user exactly once.
    await store.postTransfer({
      kind: 'deposit',
      debit: SYSTEM_ACCOUNT,
      credit: userAccount(user.id),
      amount: minor(funding),
      initiatorId: user.id,
      idempotencyKey: `funding-${i}`,
    });
    users.push(user);
  }
  return users;
}

/** One transfer of a random amount between two different random users. */
export async function randomTransfer(store: Store, users: readonly User[]): Promise<Transfer> {
  const pick = () => users[randomInt(users.length)] as User;
  const from = pick();
  let to = pick();
  while (to.id === from.id) to = pick();
  const idempotencyKey = randomUUID();
  const { transfer } = await store.postTransfer({
    kind: 'transfer',
    debit: userAccount(from.id),
    credit: userAccount(to.id),
    amount: minor(randomInt(1, 50_000)),
    initiatorId: from.id,
    idempotencyKey,
    ...(to.smsAlerts
      ? { alert: { to: to.phone, body: alertBody(idempotencyKey), currency: 'INR' } }
      : {}),
  });
  return transfer;
}

/** The alert a crash-load transfer carries: its key, so a check can pair the two. */
const alertBody = (idempotencyKey: string): string => `alert ${idempotencyKey}`;

/**
 * After a crash: user transfers to an alerts-on user without their alert, alerts without
 * their transfer, and alerts to alerts-off users (all should be empty: one transaction).
 */
export function alertMismatches(db: Database.Database) {
  const transfers = db
    .prepare<[], { key: string; alerts: number }>(
      `SELECT t.idempotency_key AS key, u.sms_alerts AS alerts
       FROM transfers t JOIN users u ON u.id = t.credit_owner_id WHERE t.kind = 'transfer'`,
    )
    .all();
  const bodies = db
    .prepare<[], string>("SELECT body FROM sms_outbox WHERE purpose = 'alert'")
    .pluck()
    .all();
  const wanted = new Set(transfers.filter((t) => t.alerts === 1).map((t) => alertBody(t.key)));
  const unwanted = new Set(transfers.filter((t) => t.alerts !== 1).map((t) => alertBody(t.key)));
  const have = new Set(bodies);
  return {
    alerts: bodies.length,
    missing: [...wanted].filter((b) => !have.has(b)),
    orphans: bodies.filter((b) => !wanted.has(b) && !unwanted.has(b)),
    unwanted: bodies.filter((b) => unwanted.has(b)),
    duplicates: bodies.length - have.size,
  };
}

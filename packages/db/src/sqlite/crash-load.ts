/**
 * The load both crash children put on a store: funded users (found again on a rerun)
 * and random transfers between them. Each child decides what to print and when to die.
 */
import { randomInt, randomUUID } from 'node:crypto';
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
    const user = found ?? (await store.createUser({ fullName: `U${i}`, phone, passwordHash: 'h' }));
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
  const { transfer } = await store.postTransfer({
    kind: 'transfer',
    debit: userAccount(from.id),
    credit: userAccount(to.id),
    amount: minor(randomInt(1, 50_000)),
    initiatorId: from.id,
    idempotencyKey: randomUUID(),
  });
  return transfer;
}

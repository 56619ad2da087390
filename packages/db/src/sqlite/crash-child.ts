/**
 * Child process for crash.test.ts: `node --import tsx crash-child.ts <file> <users> <funding>`.
 * Opens (or reopens) the ledger file, makes sure the funded users exist, then posts
 * random transfers with 64 in flight forever, printing each transfer id on its own
 * line only after its promise resolved (i.e. after its COMMIT returned). The parent
 * kills it with SIGKILL mid-stream.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { isDomainError } from '../errors.ts';
import { SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { minor } from '../money.ts';
import type { User } from '../types.ts';
import { openSqliteStore } from './index.ts';

async function main(file: string, count: number, funding: number): Promise<void> {
  const store = openSqliteStore({ file });
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const phone = `+9190000000${String(i).padStart(2, '0')}`;
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
  const pick = () => users[randomInt(users.length)] as User;
  const worker = async (): Promise<never> => {
    for (;;) {
      const from = pick();
      let to = pick();
      while (to.id === from.id) to = pick();
      try {
        const { transfer } = await store.postTransfer({
          kind: 'transfer',
          debit: userAccount(from.id),
          credit: userAccount(to.id),
          amount: minor(randomInt(1, 50_000)),
          initiatorId: from.id,
          idempotencyKey: randomUUID(),
        });
        // Pipes are synchronous on Linux: once this returns the parent can read it.
        process.stdout.write(`${transfer.id}\n`);
      } catch (error) {
        if (!isDomainError(error, 'INSUFFICIENT_FUNDS')) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
}

const [file, users, funding] = process.argv.slice(2);
main(file ?? '', Number(users), Number(funding)).catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});

/**
 * Child process for writer-crash.test.ts: `node --import tsx writer-crash-child.ts <file> <users> <funding>`.
 * Opens the ledger in worker mode, funds the users, posts random transfers with 64 in
 * flight, and after ~200 commits has the writer thread die inside a later batch's
 * transaction. Prints `ok <id>` once a transfer's promise resolved and `lost <message>`
 * for each call refused because the thread died; the process must then exit with 1.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { isDomainError } from '../errors.ts';
import { SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { minor } from '../money.ts';
import type { User } from '../types.ts';
import { openSqliteStore, type WorkerSqliteStore } from './index.ts';

async function main(file: string, count: number, funding: number): Promise<void> {
  const store = openSqliteStore({ file, writer: 'worker' }) as WorkerSqliteStore;
  const users: User[] = [];
  for (let i = 0; i < count; i++) {
    const user = await store.createUser({
      fullName: `U${i}`,
      phone: `+91910000000${i}`,
      passwordHash: 'h',
    });
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
  let acked = 0;
  const pick = () => users[randomInt(users.length)] as User;
  const worker = async (): Promise<void> => {
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
        process.stdout.write(`ok ${transfer.id}\n`);
        // Inside a batch that is in flight while 64 callers wait: mid-batch.
        if (++acked === 200) store.crashWriterAfter(150);
      } catch (error) {
        if (isDomainError(error, 'INSUFFICIENT_FUNDS')) continue;
        process.stdout.write(`lost ${error instanceof Error ? error.message : String(error)}\n`);
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker)); // then the store exits the process
}

const [file, users, funding] = process.argv.slice(2);
main(file ?? '', Number(users), Number(funding)).catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});

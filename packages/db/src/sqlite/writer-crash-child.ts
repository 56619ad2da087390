import { isDomainError } from '../errors.ts';
import { fundedUsers, randomTransfer } from './crash-load.ts';
import { openSqliteStore, type WorkerSqliteStore } from './index.ts';

async function main(file: string, count: number, funding: number): Promise<void> {
  const store = openSqliteStore({ file, writer: 'worker' }) as WorkerSqliteStore;
  const users = await fundedUsers(store, count, funding);
  let acked = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      try {
        const transfer = await randomTransfer(store, users);
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

import { isDomainError } from '../errors.ts';
import { fundedUsers, randomTransfer } from './crash-load.ts';
import { openSqliteStore, type SqliteWriter } from './index.ts';

async function main(
  file: string,
  count: number,
  funding: number,
  writer: SqliteWriter | undefined,
): Promise<void> {
  const store = openSqliteStore({ file, ...(writer ? { writer } : {}) });
  const users = await fundedUsers(store, count, funding);
  const worker = async (): Promise<never> => {
    for (;;) {
      try {
        const transfer = await randomTransfer(store, users);
        // Pipes are synchronous on Linux: once this returns the parent can read it.
        process.stdout.write(`${transfer.id}\n`);
      } catch (error) {
        if (!isDomainError(error, 'INSUFFICIENT_FUNDS')) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: 64 }, worker));
}

const [file, users, funding, writer] = process.argv.slice(2);
main(file ?? '', Number(users), Number(funding), writer as SqliteWriter | undefined).catch(
  (error: unknown) => {
    console.error(error);
    process.exit(2);
  },
);

import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minor, SYSTEM_ACCOUNT, type User, userAccount } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';

/** The store's own durable transfer rate in this process, with `concurrency` callers. */
export async function storeTransferRate(
  seconds: number,
  concurrency: number,
  accounts = 64,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'quickpay-store-rate-'));
  const store = openSqliteStore({ file: join(dir, 'quickpay.sqlite') });
  try {
    const users: User[] = [];
    for (let i = 0; i < accounts; i++) {
      const u = await store.createUser({
        fullName: `Bench ${i}`,
        phone: `+919${String(100_000_000 + i)}`,
        passwordHash: 'x',
      });
      await store.postTransfer({
        kind: 'deposit',
        debit: SYSTEM_ACCOUNT,
        credit: userAccount(u.id),
        amount: minor(1_000_000_00),
        initiatorId: u.id,
        idempotencyKey: randomUUID(),
      });
      users.push(u);
    }
    let done = 0;
    const deadline = Date.now() + seconds * 1000;
    const worker = async () => {
      while (Date.now() < deadline) {
        const i = Math.floor(Math.random() * users.length);
        const a = users[i] as User;
        const b = users[
          (i + 1 + Math.floor(Math.random() * (users.length - 1))) % users.length
        ] as User;
        await store.postTransfer({
          kind: 'transfer',
          debit: userAccount(a.id),
          credit: userAccount(b.id),
          amount: minor(1 + Math.floor(Math.random() * 100)),
          initiatorId: a.id,
          idempotencyKey: randomUUID(),
        });
        done++;
      }
    };
    const start = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    return Math.round(done / ((performance.now() - start) / 1000));
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

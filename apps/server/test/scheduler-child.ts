/**
 * Child process for scheduler-crash.test.ts:
 * `node --import tsx scheduler-child.ts <file> <clockOffsetMs>`.
 * Opens the SQLite ledger and runs scheduler passes of one small batch each, forever,
 * printing a line after each; the parent SIGKILLs it at any moment. The clock is the
 * real one shifted by a fixed offset, so leases left by a killed child run out.
 */
import { defaultApiConfig, runSchedulerPass } from '@quickpay/api';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { createOutboxSender } from '@quickpay/sms';

const CHILD_LEASE_MS = 300;

async function main(file: string, offset: number): Promise<void> {
  const now = () => Date.now() - offset;
  const store = openSqliteStore({ file, now });
  const deps = {
    store,
    sms: createOutboxSender(store, () => {}),
    config: defaultApiConfig({ jwtSecret: new TextEncoder().encode('c'.repeat(32)) }),
    now,
  };
  for (;;) {
    const r = await runSchedulerPass(deps, {
      batch: 7,
      maxBatches: 1,
      leaseMs: CHILD_LEASE_MS,
      catchUpDays: 366,
    });
    // Pipes are synchronous on Linux: once this returns the parent can read it.
    process.stdout.write(`${r.paid} ${r.errors}\n`);
    if (r.paid + r.skipped + r.failed + r.errors === 0) await new Promise((f) => setTimeout(f, 20));
  }
}

const [file, offset] = process.argv.slice(2);
main(file ?? '', Number(offset)).catch((error: unknown) => {
  console.error(error);
  process.exit(2);
});

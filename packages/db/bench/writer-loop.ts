/**
 * The SQLite writer on or off the event loop (issue 14 step 1), in one process: durable
 * transfers through the store at a fixed rate, sent open loop (on schedule, timed from
 * the due time), for SQLITE_WRITER=inline and =worker in turn on fresh files. Prints the
 * answer latency percentiles and the main thread's event-loop delay for each run; the
 * main thread does nothing else, so its delay is what the store itself costs it.
 *
 *   pnpm --filter @quickpay/db exec tsx bench/writer-loop.ts
 *
 * BENCH_RATE (default 500/s), BENCH_SECONDS (default 5), BENCH_ROUNDS (default 2).
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type LedgerAccountId, minor, SYSTEM_ACCOUNT, userAccount } from '@quickpay/db';
import { openSqliteStore, type SqliteWriter } from '@quickpay/db/sqlite';

const RATE = Number(process.env.BENCH_RATE ?? 500);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ACCOUNTS = 16;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? Number.NaN;
const ms = (n: number) => n.toFixed(1);

async function run(writer: SqliteWriter) {
  const dir = mkdtempSync(join(tmpdir(), 'qp-writer-loop-'));
  const store = openSqliteStore({ file: join(dir, 'quickpay.sqlite'), writer });
  try {
    const accounts: { id: string; account: LedgerAccountId }[] = [];
    for (let i = 0; i < ACCOUNTS; i++) {
      const phone = `+9197${String(i).padStart(8, '0')}`;
      const user = await store.createUser({ fullName: `L${i}`, phone, passwordHash: 'h' });
      const account = userAccount(user.id);
      await store.postTransfer({
        kind: 'deposit',
        debit: SYSTEM_ACCOUNT,
        credit: account,
        amount: minor(1_000_000_000),
        initiatorId: user.id,
        idempotencyKey: randomUUID(),
      });
      accounts.push({ id: user.id, account });
    }
    const pick = () => accounts[randomInt(ACCOUNTS)] ?? accounts[0];
    const latencies: number[] = [];
    let errors = 0;
    const total = RATE * SECONDS;
    const loop = monitorEventLoopDelay({ resolution: 1 });
    const start = performance.now() + 20;
    let sent = 0;
    const inFlight: Promise<void>[] = [];
    loop.enable();
    await new Promise<void>((resolve) => {
      const tick = () => {
        const now = performance.now();
        while (sent < total && start + (sent * 1000) / RATE <= now) {
          const due = start + (sent * 1000) / RATE;
          sent++;
          const from = pick();
          let to = pick();
          while (to?.id === from?.id) to = pick();
          if (!from || !to) continue;
          inFlight.push(
            store
              .postTransfer({
                kind: 'transfer',
                debit: from.account,
                credit: to.account,
                amount: minor(1),
                initiatorId: from.id,
                idempotencyKey: randomUUID(),
              })
              .then(
                () => {
                  latencies.push(performance.now() - due);
                },
                () => {
                  errors++;
                },
              ),
          );
        }
        if (sent < total) setTimeout(tick, 1);
        else resolve();
      };
      setTimeout(tick, 20);
    });
    await Promise.all(inFlight);
    loop.disable();
    const elapsed = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    const s = store.groupCommitStats;
    return {
      writer,
      achieved: Math.round(latencies.length / elapsed),
      p50: pct(latencies, 0.5),
      p99: pct(latencies, 0.99),
      p999: pct(latencies, 0.999),
      max: latencies.at(-1) ?? Number.NaN,
      loopP99: loop.percentile(99) / 1e6,
      loopMax: loop.max / 1e6,
      commits: s.commits,
      largestBatch: s.largestBatch,
      errors,
    };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(
  `writer on/off the event loop: ${RATE} durable transfers/s open loop for ${SECONDS} s; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
console.log(
  '| writer | achieved/s | p50 ms | p99 ms | p99.9 ms | max ms | loop delay p99 / max ms | commits (largest batch) | errors |',
);
console.log('|---|---|---|---|---|---|---|---|---|');
for (let round = 0; round < ROUNDS; round++) {
  for (const writer of ['inline', 'worker'] as const) {
    const r = await run(writer);
    console.log(
      `| ${r.writer} | ${r.achieved} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.p999)} | ${ms(r.max)} | ${ms(r.loopP99)} / ${ms(r.loopMax)} | ${r.commits} (${r.largestBatch}) | ${r.errors} |`,
    );
  }
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

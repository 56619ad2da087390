/**
 * Durable transfers per second for the SQLite store in one process, beside the bare
 * SQLite floor measured in the same run on the same disk with the same pragmas.
 *
 *   pnpm --filter @quickpay/db bench            # table
 *   pnpm --filter @quickpay/db bench -- --json  # one JSON object (for other benches)
 *
 * BENCH_SECONDS (default 3) sets each phase's length; BENCH_INFLIGHT (default 64) the
 * number of concurrent submitters.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minor } from '@quickpay/db';
import { applyPragmas, migrate, openSqliteStore } from '@quickpay/db/sqlite';
import Database from 'better-sqlite3';
import { fundedAccounts } from './funded.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const INFLIGHT = Number(process.env.BENCH_INFLIGHT ?? 64);
const ACCOUNTS = 16;
const TARGET = 0.7;
const json = process.argv.includes('--json');
const log = (line: string) => {
  if (!json) console.log(line);
};

/** The store through its public API: 64 submitters, each awaiting its durable commit. */
async function storeRate(file: string) {
  const store = openSqliteStore({ file });
  const accounts = await fundedAccounts(store, ACCOUNTS, '98');
  const pick = () => accounts[randomInt(ACCOUNTS)] ?? accounts[0];
  const before = { ...store.groupCommitStats };
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  const submitter = async () => {
    while (performance.now() < deadline) {
      const from = pick();
      let to = pick();
      while (to === from) to = pick();
      if (!from || !to) throw new Error('no accounts');
      await store.postTransfer({
        kind: 'transfer',
        debit: from.account,
        credit: to.account,
        amount: minor(randomInt(1, 1000)),
        initiatorId: from.id,
        idempotencyKey: randomUUID(),
      });
      done++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: INFLIGHT }, submitter));
  const elapsed = (performance.now() - start) / 1000;
  const stats = store.groupCommitStats;
  const commits = stats.commits - before.commits;
  const report = await store.verifyLedger();
  await store.close();
  if (!report.ok)
    throw new Error(`ledger check failed after the bench: ${report.problems[0]?.message}`);
  return { rate: done / elapsed, transfers: done, commits, avgBatch: done / commits };
}

/** The same UPDATE + UPDATE + INSERT on the same schema and pragmas, `perCommit` per transaction. */
function bareRate(file: string, perCommit: number) {
  const db = new Database(file);
  applyPragmas(db);
  migrate(db);
  const ids = Array.from({ length: ACCOUNTS }, (_, i) => `u:bare${i}`);
  const open = db.prepare(
    "INSERT INTO ledger_accounts (id, type, label, balance) VALUES (?, 'user', 'Bare', 1000000000)",
  );
  for (const id of ids) open.run(id);
  const move = db.prepare<[number, string], { balance: number }>(
    'UPDATE ledger_accounts SET balance = balance + ? WHERE id = ? RETURNING balance',
  );
  const insert = db.prepare(`INSERT INTO transfers (id, kind, amount,
      debit_account, debit_balance_after, debit_label, credit_account, credit_balance_after,
      credit_label, note, initiator_id, idempotency_key, fingerprint, created_at)
    VALUES (?, 'transfer', ?, ?, ?, 'Bare', ?, ?, 'Bare', '', 'bare', ?, '', ?)`);
  const one = () => {
    const from = ids[randomInt(ACCOUNTS)] ?? '';
    let to = ids[randomInt(ACCOUNTS)] ?? '';
    while (to === from) to = ids[randomInt(ACCOUNTS)] ?? '';
    const amount = randomInt(1, 1000);
    const debitAfter = move.get(-amount, from)?.balance ?? 0;
    const creditAfter = move.get(amount, to)?.balance ?? 0;
    const key = randomUUID();
    insert.run(key, amount, from, debitAfter, to, creditAfter, key, Date.now());
  };
  const commit = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) one();
  });
  const deadline = performance.now() + SECONDS * 1000;
  const start = performance.now();
  let done = 0;
  while (performance.now() < deadline) {
    commit.immediate(perCommit);
    done += perCommit;
  }
  const elapsed = (performance.now() - start) / 1000;
  db.close();
  return { rate: done / elapsed, transfers: done };
}

const dir = mkdtempSync(join(tmpdir(), 'qp-bench-'));
try {
  log(`durable transfers, ${SECONDS}s per phase, ${INFLIGHT} in flight, temp dir ${dir}`);
  const floor = bareRate(join(dir, 'bare.sqlite'), 1);
  const batched = bareRate(join(dir, 'bare-batched.sqlite'), INFLIGHT);
  const store = await storeRate(join(dir, 'store.sqlite'));
  const result = {
    storeRate: Math.round(store.rate),
    storeAvgBatch: Number(store.avgBatch.toFixed(1)),
    bareFloor: Math.round(floor.rate),
    bareBatched: Math.round(batched.rate),
    ratioToFloor: Number((store.rate / floor.rate).toFixed(2)),
    ratioToBatched: Number((store.rate / batched.rate).toFixed(2)),
    target: TARGET,
  };
  if (json) console.log(JSON.stringify(result));
  const pct = (r: number) => `${Math.round(r * 100)}%`;
  const row = (name: string, value: string, note = '') =>
    log(`${name.padEnd(40)} ${value.padStart(10)}  ${note}`);
  log('');
  row(
    'store (group commit), transfers/s',
    String(result.storeRate),
    `avg batch ${result.storeAvgBatch}`,
  );
  row('bare SQLite floor, 1 commit/transfer', String(result.bareFloor));
  row(`bare SQLite batched, ${INFLIGHT}/commit`, String(result.bareBatched));
  row(
    'store / floor',
    pct(result.ratioToFloor),
    `target >= ${pct(TARGET)}: ${result.ratioToFloor >= TARGET ? 'met' : 'NOT met'}`,
  );
  row('store / bare batched', pct(result.ratioToBatched), '(CPU ceiling, for reference)');
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * The bank test, in the manner of Jepsen's: concurrent random transfers over HTTP
 * while the server is SIGKILLed and restarted on the same data, and a proxy loses
 * some answers the server did send. Money must be neither lost nor made, and every
 * acknowledged transfer must survive exactly once. Exits non-zero on any violation.
 * Knobs: FAULTS_SECONDS (default 45; tokens allow up to ~4 min), FAULTS_CLIENTS,
 * FAULTS_ACCOUNTS, FAULTS_DROP (default 0.02), FAULTS_KEEP_DATA=1 to keep the data.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../harness/free-port.ts';
import { call, type Outcome } from '../harness/http.ts';
import { lossyProxy } from '../harness/lossy-proxy.ts';
import { ServerProcess } from '../harness/server-process.ts';
import { type Account, checkFinal, checkSnapshot, type Ledger, snapshotBalances } from './check.ts';

const SECONDS = Number(process.env.FAULTS_SECONDS ?? 45);
const CLIENTS = Number(process.env.FAULTS_CLIENTS ?? 32);
const ACCOUNTS = Number(process.env.FAULTS_ACCOUNTS ?? 8);
const OPENING = 10_000_00; // each account starts with 10,000.00
/** After the load stops, how long an in-doubt request may keep retrying before it counts as a violation. */
const SETTLE_MS = 20_000;
/** Share of the server's answers the proxy in front of the clients throws away. */
const DROP = Number(process.env.FAULTS_DROP ?? 0.02);

type Paid = { transfer: { id: string }; balance: number; replayed: boolean };

const counts = {
  acked: 0,
  refused: 0,
  retried: 0,
  attempts: 0,
  replayedAfterRetry: 0,
  kills: 0,
  reads: 0,
  readsFailed: 0,
  httpReads: 0,
  dropped: 0,
};
const violations: string[] = [];

/** Calls until the server gives a definite answer, reusing the same idempotency key. */
async function definitely<T>(
  base: string,
  procedure: string,
  input: unknown,
  token: string,
  giveUpAt: number,
): Promise<{ out: Outcome<T>; attempts: number }> {
  let attempts = 0;
  for (;;) {
    attempts++;
    const out = await call<T>(base, procedure, input, token);
    if (out.kind !== 'unknown' || Date.now() > giveUpAt) return { out, attempts };
    await sleep(20 + randomInt(100));
  }
}

async function signUpAccounts(server: ServerProcess): Promise<Account[]> {
  const accounts: Account[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const phone = `9${String(100_000_000 + i * 7_777_777 + randomInt(1000)).slice(-9)}`;
    const signUp = await call<{ user: { id: string; accountNumber: number }; accessToken: string }>(
      server.url,
      'auth.signUp',
      { fullName: `Faults User ${i}`, phone, password: `Faults-${randomUUID()}` },
      null,
    );
    if (signUp.kind !== 'ok') throw new Error(`sign-up failed: ${JSON.stringify(signUp)}`);
    const acct = { ...signUp.data.user, token: signUp.data.accessToken };
    const dep = await call(
      server.url,
      'payments.deposit',
      { amount: OPENING, idempotencyKey: randomUUID() },
      acct.token,
    );
    if (dep.kind !== 'ok') throw new Error(`deposit failed: ${JSON.stringify(dep)}`);
    accounts.push(acct);
  }
  return accounts;
}

async function run(server: ServerProcess, dbFile: string): Promise<void> {
  await server.start();
  const accounts = await signUpAccounts(server);
  const total = OPENING * ACCOUNTS;
  const ledger: Ledger = { acked: new Map(), refused: new Set() };
  // Clients talk through a proxy that loses some answers; readers talk to the server.
  const proxy = await lossyProxy(server.port, DROP);
  const deadline = Date.now() + SECONDS * 1000;
  const giveUpAt = deadline + SETTLE_MS;

  const client = async () => {
    while (Date.now() < deadline) {
      const from = randomInt(ACCOUNTS);
      const a = accounts[from] as Account;
      const b = accounts[(from + 1 + randomInt(ACCOUNTS - 1)) % ACCOUNTS] as Account;
      const amount = 1 + randomInt(3_000_00);
      const key = randomUUID();
      const input = { toAccountNumber: b.accountNumber, amount, idempotencyKey: key };
      const { out, attempts } = await definitely<Paid>(
        proxy.url,
        'payments.transfer',
        input,
        a.token,
        giveUpAt,
      );
      counts.attempts += attempts;
      if (attempts > 1) counts.retried++;
      if (out.kind === 'ok') {
        counts.acked++;
        if (attempts > 1 && out.data.replayed) counts.replayedAfterRetry++;
        if (attempts === 1 && out.data.replayed)
          violations.push(`fresh key ${key} answered as a replay: ${JSON.stringify(out.data)}`);
        if (out.data.balance < 0)
          violations.push(`transfer ${key} answered a negative balance ${out.data.balance}`);
        const id = out.data.transfer.id;
        ledger.acked.set(key, { id, from: a.id, to: b.id, amount, balance: out.data.balance });
      } else if (out.kind === 'refused' && out.domainCode === 'INSUFFICIENT_FUNDS') {
        counts.refused++;
        ledger.refused.add(key);
      } else
        violations.push(
          `unexpected answer for ${key} after ${attempts} attempts: ${JSON.stringify(out)}`,
        );
    }
  };

  // Reads the store file directly: one SELECT of every balance is one committed snapshot.
  const reader = async () => {
    while (Date.now() < deadline) {
      const snap = snapshotBalances(dbFile, accounts);
      if (snap.ok) {
        counts.reads++;
        for (const p of checkSnapshot(snap.balances, accounts, total))
          violations.push(`read ${counts.reads}: ${p}`);
      } else if (counts.readsFailed++ === 0) console.log(`(a read failed: ${snap.error})`);
      await sleep(25);
    }
  };

  // Reads through the API as a customer would: one account at a time, so only per-account checks.
  const httpReader = async () => {
    while (Date.now() < deadline) {
      const a = accounts[randomInt(ACCOUNTS)] as Account;
      const out = await call<{ balance: number }>(
        server.url,
        'account.dashboard',
        undefined,
        a.token,
        'GET',
      );
      if (out.kind === 'ok') {
        counts.httpReads++;
        const b = out.data.balance;
        if (b < 0 || b > total) violations.push(`dashboard of ${a.accountNumber}: balance ${b}`);
      } else if (out.kind === 'refused')
        violations.push(`dashboard refused: ${JSON.stringify(out)}`);
      await sleep(50);
    }
  };

  const killer = async () => {
    for (;;) {
      await sleep(2000 + randomInt(3000));
      if (Date.now() >= deadline - 1000) return;
      await server.kill();
      counts.kills++;
      await server.start();
    }
  };

  try {
    await Promise.all([
      ...Array.from({ length: CLIENTS }, client),
      reader(),
      httpReader(),
      killer(),
    ]);
  } finally {
    counts.dropped = proxy.dropped;
    await proxy.close();
  }
  // End on a crash too: the final check reads what a SIGKILL left on disk.
  await server.kill();
  counts.kills++;
  violations.push(...(await checkFinal(dbFile, accounts, ledger, total)));
}

async function main(): Promise<number> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'quickpay-faults-'));
  // Also on Ctrl-C or a crash of this runner (the harness turns signals into exit).
  process.once('exit', () => {
    if (process.env.FAULTS_KEEP_DATA !== '1') rmSync(dataDir, { recursive: true, force: true });
  });
  const server = new ServerProcess(await freePort(), {
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    RATE_SIGNUPS_PER_IP: '1000',
  });
  try {
    await run(server, join(dataDir, 'quickpay.sqlite'));
  } finally {
    await server.kill();
    if (process.env.FAULTS_KEEP_DATA === '1') console.log(`data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
  if (counts.kills < 2) violations.push(`only ${counts.kills} kills: the run proved nothing`);
  if (counts.reads === 0) violations.push('no balance read succeeded');
  const c = counts;
  console.log(
    `faults (${CLIENTS} clients, ${ACCOUNTS} accounts, ${SECONDS} s, ${((Date.now() - started) / 1000).toFixed(0)} s in all):\n` +
      `  transfers acknowledged ${c.acked}, refused ${c.refused} (insufficient funds)\n` +
      `  retried after a network failure ${c.retried} (${c.attempts - c.acked - c.refused} extra attempts; ` +
      `${c.replayedAfterRetry} had committed before the failure and were answered as replays)\n` +
      `  answers lost on purpose by the proxy ${c.dropped}\n` +
      `  kills ${c.kills}; balance snapshots checked ${c.reads} (${c.readsFailed} could not open), ` +
      `dashboard reads ${c.httpReads}\n` +
      `  violations ${violations.length}`,
  );
  for (const v of violations.slice(0, 50)) console.log(`VIOLATION ${v}`);
  if (violations.length > 50) console.log(`... and ${violations.length - 50} more`);
  return violations.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error('faults: the run could not complete:', e);
    process.exit(1);
  },
);

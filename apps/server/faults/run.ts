/**
 * The bank test, in the manner of Jepsen's: concurrent random transfers over HTTP
 * while the server is SIGKILLed and restarted on the same data. Money must be
 * neither lost nor made, and every acknowledged transfer must survive exactly once.
 * Exits non-zero on any violation. Knobs: FAULTS_SECONDS, FAULTS_CLIENTS, FAULTS_ACCOUNTS.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../harness/free-port.ts';
import { call } from '../harness/http.ts';
import { ServerProcess } from '../harness/server-process.ts';
import { type Account, checkFinal, type Ledger, snapshotBalances } from './check.ts';

const SECONDS = Number(process.env.FAULTS_SECONDS ?? 45);
const CLIENTS = Number(process.env.FAULTS_CLIENTS ?? 32);
const ACCOUNTS = Number(process.env.FAULTS_ACCOUNTS ?? 8);
const OPENING = 10_000_00; // each account starts with 10,000.00

/** Calls until the server gives a definite answer, reusing the same idempotency key. */
async function definitely<T>(
  server: ServerProcess,
  procedure: string,
  input: unknown,
  token: string,
) {
  let attempts = 0;
  for (;;) {
    attempts++;
    const out = await call<T>(server.url, procedure, input, token);
    if (out.kind !== 'unknown') return { out, attempts };
    await sleep(50 + randomInt(200));
  }
}

async function main(): Promise<number> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quickpay-faults-'));
  const server = new ServerProcess(await freePort(), {
    DATA_DIR: dataDir,
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    RATE_SIGNUPS_PER_IP: '1000',
  });
  const violations: string[] = [];
  const ledger: Ledger = { acked: new Map(), refused: new Set() };
  let retried = 0;
  let kills = 0;
  let reads = 0;

  await server.start();
  const accounts: Account[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const phone = `9${String(100000000 + randomInt(899999999)).slice(0, 9)}`;
    const signUp = await call<{ user: { id: string; accountNumber: number }; accessToken: string }>(
      server.url,
      'auth.signUp',
      { fullName: `Faults User ${i}`, phone, password: `Faults-${randomUUID()}` },
      null,
    );
    if (signUp.kind !== 'ok') throw new Error(`sign-up failed: ${JSON.stringify(signUp)}`);
    const acct = { ...signUp.data.user, token: signUp.data.accessToken };
    const dep = await definitely(
      server,
      'payments.deposit',
      { amount: OPENING, idempotencyKey: randomUUID() },
      acct.token,
    );
    if (dep.out.kind !== 'ok') throw new Error(`deposit failed: ${JSON.stringify(dep.out)}`);
    accounts.push(acct);
  }
  const total = OPENING * ACCOUNTS;
  const dbFile = join(dataDir, 'quickpay.sqlite');

  const deadline = Date.now() + SECONDS * 1000;
  const client = async () => {
    while (Date.now() < deadline) {
      const from = randomInt(ACCOUNTS);
      const to = (from + 1 + randomInt(ACCOUNTS - 1)) % ACCOUNTS;
      const a = accounts[from] as Account;
      const b = accounts[to] as Account;
      const amount = 1 + randomInt(3_000_00);
      const key = randomUUID();
      const input = { toAccountNumber: b.accountNumber, amount, idempotencyKey: key };
      const { out, attempts } = await definitely<{ transfer: { id: string } }>(
        server,
        'payments.transfer',
        input,
        a.token,
      );
      if (attempts > 1) retried++;
      if (out.kind === 'ok')
        ledger.acked.set(key, { id: out.data.transfer.id, from: a.id, to: b.id, amount });
      else if (out.kind === 'refused' && out.domainCode === 'INSUFFICIENT_FUNDS')
        ledger.refused.add(key);
      else violations.push(`unexpected answer for ${key}: ${JSON.stringify(out)}`);
    }
  };
  const reader = async () => {
    while (Date.now() < deadline) {
      const snap = snapshotBalances(dbFile, accounts);
      if (snap) {
        reads++;
        if (snap.total !== total) violations.push(`read ${reads}: total ${snap.total} != ${total}`);
        for (const [id, bal] of snap.balances)
          if (bal < 0) violations.push(`read ${reads}: ${id} negative ${bal}`);
      }
      await sleep(100);
    }
  };
  const killer = async () => {
    while (Date.now() < deadline - 2000) {
      await sleep(2000 + randomInt(3000));
      if (Date.now() >= deadline - 2000) break;
      await server.kill();
      kills++;
      await server.start();
    }
  };

  await Promise.all([...Array.from({ length: CLIENTS }, client), reader(), killer()]);
  await server.stop();

  violations.push(...(await checkFinal(dbFile, accounts, ledger, total)));
  console.log(
    `faults: ${ledger.acked.size} transfers acknowledged, ${ledger.refused.size} refused, ` +
      `${retried} retried after a network failure, ${kills} kills, ${reads} balance reads, ` +
      `${violations.length} violations`,
  );
  for (const v of violations.slice(0, 50)) console.log(`VIOLATION ${v}`);
  if (violations.length === 0) rmSync(dataDir, { recursive: true, force: true });
  else console.log(`data kept in ${dataDir}`);
  return violations.length === 0 && kills > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

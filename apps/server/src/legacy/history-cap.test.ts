import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { minor, type Store, SYSTEM_ACCOUNT, userAccount } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { createOutboxSender } from '@quickpay/sms';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createDeps } from '../deps.ts';
import { parseEnv } from '../env.ts';
import { LEGACY_HISTORY_CAP } from './data-routes.ts';
import {
  LegacyClient,
  type LegacyServer,
  ORIGIN,
  PASSWORD,
  signUp,
  startLegacyServer,
} from './test-helpers.ts';

/** Issue 11 item 5: the legacy history pages answer the latest 500 lines; totals cover all. */

type Tx = { transaction_id: string; amount: number; name: string };
type DashboardPage = { all_transactions: Tx[]; monthly_income: number; total_balance: number };
type TransactionsPage = { transactions: Tx[]; total_income: number; total_outcome: number };

/** `n` deposits of (i + 1) paise straight into the store: no thousands of HTTP calls. */
async function seedDeposits(store: Store, accountNumber: number, n: number, advance?: () => void) {
  const user = await store.findUserByAccountNumber(accountNumber);
  if (!user) throw new Error('no such user');
  for (let i = 0; i < n; i++) {
    advance?.();
    await store.postTransfer({
      kind: 'deposit',
      debit: SYSTEM_ACCOUNT,
      credit: userAccount(user.id),
      amount: minor(i + 1),
      initiatorId: user.id,
      idempotencyKey: `seed-${accountNumber}-${i}`,
      note: `line ${i}`,
    });
  }
}

const paise = (n: number) => (n * (n + 1)) / 2; // 1 + 2 + ... + n

describe('legacy history pages at more than 500 lines', () => {
  let s: LegacyServer;
  let a: LegacyClient;
  let acct: number;
  const N = LEGACY_HISTORY_CAP + 120;
  beforeAll(async () => {
    s = await startLegacyServer();
    a = s.client();
    acct = (await signUp(a, 'Priya Shah')).userId;
    await a.post('/api/login', { user_id: acct, username: 'Priya Shah', password: PASSWORD });
    await seedDeposits(s.store, acct, N, () => s.advance(1000));
  });
  afterAll(() => s.close());

  it('answers the latest 500 transactions, oldest first, with totals over all of them', async () => {
    const res = await a.get('/api/dashboard-data');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const dash = res.body as DashboardPage;
    expect(dash.all_transactions).toHaveLength(LEGACY_HISTORY_CAP);
    // The newest 500: deposits number 121..620 (amounts in paise), oldest first.
    expect(dash.all_transactions[0]?.amount).toBe((N - LEGACY_HISTORY_CAP + 1) / 100);
    expect(dash.all_transactions.at(-1)?.amount).toBe(N / 100);
    expect(dash.total_balance).toBe(paise(N) / 100);
    expect(dash.monthly_income).toBe(paise(N) / 100);

    const page = (await a.get('/api/transactions-data')).body as TransactionsPage;
    expect(page.transactions).toHaveLength(LEGACY_HISTORY_CAP);
    expect(page.transactions.map((t) => t.transaction_id)).toEqual(
      dash.all_transactions.map((t) => t.transaction_id),
    );
    expect(page.total_income).toBe(paise(N) / 100);
  });

  it('shows a new line at once, whoever made it, and never another user’s lines', async () => {
    const before = (await a.get('/api/dashboard-data')).body as DashboardPage;
    await a.post('/api/process-payment', {
      transaction_type: 'deposit',
      amount: 7,
      password: PASSWORD,
    });
    const after = (await a.get('/api/dashboard-data')).body as DashboardPage;
    expect(after.all_transactions).toHaveLength(LEGACY_HISTORY_CAP);
    expect(after.all_transactions.at(-1)).toMatchObject({ name: 'Deposit', amount: 7 });
    expect(after.all_transactions[0]).toEqual(before.all_transactions[1]);

    // Money from someone else is a new line too.
    const b = s.client();
    await signUp(b, 'Dev Patel');
    await b.post('/api/process-payment', {
      transaction_type: 'deposit',
      amount: 5,
      password: PASSWORD,
    });
    await b.post('/api/process-payment', {
      transaction_type: 'bank_transfer',
      amount: 2,
      recipient_account: acct,
      password: PASSWORD,
    });
    const incoming = (await a.get('/api/transactions-data')).body as TransactionsPage;
    expect(incoming.transactions.at(-1)).toMatchObject({
      name: 'Transfer from Dev Patel',
      amount: 2,
    });
    const theirs = (await b.get('/api/transactions-data')).body as TransactionsPage;
    expect(theirs.transactions.map((t) => t.amount)).toEqual([5, -2]);
  });
});

describe('legacy history pages on two server instances over one database', () => {
  let dir: string;
  const apps: FastifyInstance[] = [];
  const stores: Store[] = [];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'quickpay-legacy-two-'));
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const store of stores) await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function instance(): Promise<{ url: string; store: Store }> {
    const config = parseEnv(
      {
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        CORS_ORIGINS: ORIGIN,
        JWT_SECRET: 'legacy-test-secret-'.repeat(2),
      },
      dir,
    );
    const store = openSqliteStore({ file: join(dir, 'bank.sqlite') });
    const deps = await createDeps(config, () => {}, Date.now, {
      store,
      sms: (s) => createOutboxSender(s, () => {}),
    });
    const app = await buildApp({ config, deps, logger: false, webRoot: '/nonexistent-web-root' });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    apps.push(app);
    stores.push(store);
    return { url: `http://127.0.0.1:${address.port}`, store };
  }

  it('one instance never serves a page that misses a line another instance just wrote', async () => {
    const one = await instance();
    const two = await instance();
    const onOne = new LegacyClient(one.url, ORIGIN);
    const onTwo = new LegacyClient(two.url, ORIGIN);
    const acct = (await signUp(onOne, 'Priya Shah')).userId;
    await onOne.post('/api/login', { user_id: acct, username: 'Priya Shah', password: PASSWORD });
    // One browser whose requests a load balancer spreads over both instances.
    for (const [k, v] of onOne.jar) onTwo.jar.set(k, v);
    await seedDeposits(one.store, acct, 30);
    expect(
      ((await onOne.get('/api/dashboard-data')).body as DashboardPage).all_transactions,
    ).toHaveLength(30);
    await onTwo.post('/api/process-payment', {
      transaction_type: 'deposit',
      amount: 9,
      password: PASSWORD,
    });
    const page = (await onOne.get('/api/dashboard-data')).body as DashboardPage;
    expect(page.all_transactions).toHaveLength(31);
    expect(page.all_transactions.at(-1)).toMatchObject({ amount: 9 });
  });
});

import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cookieJarFetch, startServer, type TestServer } from './helpers.ts';
import { trpcFetch } from './security-helpers.ts';

/**
 * Overdraft probes over real HTTP: a payment above the balance is refused and moves
 * nothing, and many payments at once from one account (typed API and legacy adapter,
 * of every kind) never take a balance below zero; the ledger verifies afterwards.
 */

const PASSWORD = 'correct horse 42';
const s: TestServer = await startServer({ RATE_SIGNUPS_PER_IP: '1000' });
afterAll(() => s.close());

let seq = 0;
const phone = () => `97${String(20_000_000 + ++seq).slice(-8)}`;
const key = () => randomUUID();

interface Rpc {
  status: number;
  data: unknown;
  domainCode: string | null | undefined;
}

class Member {
  token = '';
  accountNumber = 0;
  readonly jar = cookieJarFetch();

  async signUp(fullName: string, balance = 0): Promise<this> {
    const r = await this.rpc('auth.signUp', { fullName, phone: phone(), password: PASSWORD });
    const d = r.data as { accessToken: string; user: { accountNumber: number } };
    this.token = d.accessToken;
    this.accountNumber = d.user.accountNumber;
    if (balance > 0) await this.rpc('payments.deposit', { amount: balance, idempotencyKey: key() });
    return this;
  }

  async rpc(path: string, input?: unknown, method: 'GET' | 'POST' = 'POST'): Promise<Rpc> {
    const res = await trpcFetch(this.jar.fetch, s.url, path, this.token, input, method);
    const json = (await res.json()) as {
      result?: { data: unknown };
      error?: { data: { domainCode: string | null } };
    };
    return { status: res.status, data: json.result?.data, domainCode: json.error?.data.domainCode };
  }

  async legacyPay(body: Record<string, unknown>) {
    const res = await this.jar.fetch(`${s.url}/api/process-payment`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: PASSWORD, ...body }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  async balance(): Promise<number> {
    return ((await this.rpc('account.dashboard', undefined, 'GET')).data as { balance: number })
      .balance;
  }

  async historyLength(): Promise<number> {
    const page = (await this.rpc('transactions.list', { limit: 100 }, 'GET')).data as {
      items: unknown[];
    };
    return page.items.length;
  }
}

async function ledgerOk() {
  const report = await s.app.deps.store.verifyLedger();
  expect(report.problems).toEqual([]);
  expect(report.ok).toBe(true);
}

let b: Member;
beforeAll(async () => {
  b = await new Member().signUp('Ravi Kumar');
});

describe('a payment above the balance', { timeout: 30_000 }, () => {
  it('is refused with INSUFFICIENT_FUNDS on every kind, and moves nothing', async () => {
    const a = await new Member().signUp('Asha Rao', 1_000);
    const goal = (await a.rpc('savings.create', { name: 'Bike', targetAmount: 10_000 })).data as {
      id: string;
    };
    await a.rpc('savings.deposit', { goalId: goal.id, amount: 300, idempotencyKey: key() });
    const [balance, history, bBalance] = [
      await a.balance(),
      await a.historyLength(),
      await b.balance(),
    ];
    const calls: [string, unknown][] = [
      ['payments.withdraw', { amount: 701, idempotencyKey: key() }],
      [
        'payments.transfer',
        { toAccountNumber: b.accountNumber, amount: 701, idempotencyKey: key() },
      ],
      ['savings.deposit', { goalId: goal.id, amount: 701, idempotencyKey: key() }],
      ['savings.withdraw', { goalId: goal.id, amount: 301, idempotencyKey: key() }],
    ];
    for (const [path, input] of calls) {
      const r = await a.rpc(path, input);
      expect(r.status, path).toBe(412);
      expect(r.domainCode, path).toBe('INSUFFICIENT_FUNDS');
    }
    for (const body of [
      { transaction_type: 'withdraw', amount: 7.01 },
      { transaction_type: 'bank_transfer', amount: 7.01, recipient_account: b.accountNumber },
      { transaction_type: 'saving_deposit', amount: 7.01, saving_id: `sid_${goal.id}` },
    ]) {
      expect(await a.legacyPay(body)).toEqual({
        status: 400,
        body: { error: 'Insufficient funds' },
      });
    }
    expect(await a.balance()).toBe(balance);
    expect(await a.historyLength()).toBe(history);
    expect(await b.balance()).toBe(bBalance);
    await ledgerOk();
  });
});

describe('many payments at once from one account', { timeout: 30_000 }, () => {
  it('60 concurrent transfers of 100 from a balance of 1,000: exactly 10 succeed, never below zero', async () => {
    const a = await new Member().signUp('Asha Rao', 1_000);
    const before = await b.balance();
    const results = await Promise.all(
      Array.from({ length: 60 }, () =>
        a.rpc('payments.transfer', {
          toAccountNumber: b.accountNumber,
          amount: 100,
          idempotencyKey: key(),
        }),
      ),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(10);
    expect(
      results.filter((r) => r.status !== 200).every((r) => r.domainCode === 'INSUFFICIENT_FUNDS'),
    ).toBe(true);
    const seen = ok.map((r) => (r.data as { balance: number }).balance);
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(0);
    expect(await a.balance()).toBe(0);
    expect((await b.balance()) - before).toBe(1_000);
    await ledgerOk();
  });

  it('withdrawals, transfers and goal deposits racing together never overdraw', async () => {
    const a = await new Member().signUp('Asha Rao', 1_000);
    const goal = (await a.rpc('savings.create', { name: 'Trip', targetAmount: 10_000 })).data as {
      id: string;
    };
    const kinds: [string, () => unknown][] = [
      ['payments.withdraw', () => ({ amount: 70, idempotencyKey: key() })],
      [
        'payments.transfer',
        () => ({ toAccountNumber: b.accountNumber, amount: 70, idempotencyKey: key() }),
      ],
      ['savings.deposit', () => ({ goalId: goal.id, amount: 70, idempotencyKey: key() })],
    ];
    const results = await Promise.all(
      Array.from({ length: 45 }, (_, i) => {
        const [path, input] = kinds[i % kinds.length] as [string, () => unknown];
        return a.rpc(path, input());
      }),
    );
    const succeeded = results.filter((r) => r.status === 200).length;
    expect(succeeded).toBe(14); // floor(1000 / 70)
    expect(await a.balance()).toBe(1_000 - 14 * 70);
    await ledgerOk();
  });

  it('goal withdrawals racing a close never take more than the goal holds', async () => {
    const a = await new Member().signUp('Asha Rao', 1_000);
    const goal = (await a.rpc('savings.create', { name: 'Car', targetAmount: 10_000 })).data as {
      id: string;
    };
    await a.rpc('savings.deposit', { goalId: goal.id, amount: 500, idempotencyKey: key() });
    const calls = Array.from({ length: 20 }, (_, i) =>
      i === 10
        ? a.rpc('savings.close', { goalId: goal.id, idempotencyKey: key() })
        : a.rpc('savings.withdraw', { goalId: goal.id, amount: 100, idempotencyKey: key() }),
    );
    await Promise.all(calls);
    // All of the goal came back exactly once: by withdrawals, by the refund, or both.
    expect(await a.balance()).toBe(1_000);
    await ledgerOk();
  });

  it('the same idempotency key sent 30 times at once moves money once', async () => {
    const a = await new Member().signUp('Asha Rao', 1_000);
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        a.rpc('payments.transfer', {
          toAccountNumber: b.accountNumber,
          amount: 400,
          idempotencyKey: k,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r.status === 200 || r.status === 409)).toBe(true);
    expect(await a.balance()).toBe(600);
    await ledgerOk();
  });

  // Eight, not more: each checks the password, and in-flight checks may count against
  // the per-user step-up limit (10), which is not what this probes.
  it('8 concurrent legacy withdrawals of 1.00 from 5.00: exactly 5 succeed', async () => {
    const a = await new Member().signUp('Asha Rao', 500);
    const results = await Promise.all(
      Array.from({ length: 8 }, () => a.legacyPay({ transaction_type: 'withdraw', amount: 1 })),
    );
    const ok = results.filter((r) => r.status === 200);
    expect(ok).toHaveLength(5);
    expect(
      results.filter((r) => r.status !== 200).every((r) => r.body.error === 'Insufficient funds'),
    ).toBe(true);
    expect(ok.every((r) => (r.body.new_balance as number) >= 0)).toBe(true);
    expect(await a.balance()).toBe(0);
    await ledgerOk();
  });

  it('a negative legacy "transfer" cannot pull money from someone else', async () => {
    const a = await new Member().signUp('Asha Rao', 0);
    const before = await b.balance();
    const r = await a.legacyPay({
      transaction_type: 'bank_transfer',
      amount: -100,
      recipient_account: b.accountNumber,
    });
    expect(r).toEqual({ status: 400, body: { error: 'Invalid amount' } });
    expect(await a.balance()).toBe(0);
    expect(await b.balance()).toBe(before);
  });
});

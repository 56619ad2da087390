/**
 * `pnpm --filter @quickpay/server exec tsx bench/legacy-payment.ts`: what one legacy
 * `POST /api/process-payment` costs, in process (app.inject, in-memory SQLite): the
 * store calls it makes (by method) and its mean wall time over BENCH_PAYMENTS (default
 * 200) sequential deposits. The wall time is mostly the password check (argon2), which
 * the old app also did on every payment. Figures only, no asserts.
 */
import { tmpdir } from 'node:os';
import type { ApiDeps } from '@quickpay/api';
import type { Store } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { createOutboxSender } from '@quickpay/sms';
import { buildApp } from '../src/app.ts';
import { createDeps } from '../src/deps.ts';
import { parseEnv } from '../src/env.ts';

const N = Number(process.env.BENCH_PAYMENTS ?? 200);
const PASSWORD = 'Bench-pass-2026!';

async function main() {
  const config = parseEnv(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      RATE_PASSWORD_CHECKS_PER_IP: '1000000',
      RATE_PASSWORD_CHECKS_PER_ACCOUNT: '1000000',
    },
    tmpdir(),
  );
  const real = openSqliteStore({ file: ':memory:' });
  const calls = new Map<string, number>();
  let counting = false;
  const store = new Proxy(real, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        if (counting) calls.set(String(prop), (calls.get(String(prop)) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  }) as Store;
  const deps: ApiDeps = await createDeps(config, () => {}, Date.now, {
    store,
    sms: (s) => createOutboxSender(s, () => {}),
  });
  const app = await buildApp({ config, deps, logger: false, webRoot: '/nonexistent' });
  const post = (url: string, payload: unknown, cookie = '') =>
    app.inject({ method: 'POST', url, payload: payload as object, headers: { cookie } });
  const up = await post('/api/signup', {
    username: 'Asha Rao',
    password: PASSWORD,
    age: 30,
    gender: 'Female',
    phoneNumber: '9810000001',
  });
  const cookie = up.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const pay = () =>
    post(
      '/api/process-payment',
      { transaction_type: 'deposit', amount: 1, password: PASSWORD },
      cookie,
    );
  for (let i = 0; i < 10; i++) await pay(); // warm-up
  counting = true;
  const start = process.hrtime.bigint();
  for (let i = 0; i < N; i++) {
    const res = await pay();
    if (res.statusCode !== 200) throw new Error(`payment: ${res.statusCode} ${res.body}`);
  }
  const ms = Number(process.hrtime.bigint() - start) / 1e6 / N;
  counting = false;
  const perPayment = [...calls].map(([m, n]) => `${m} ${n / N}`).join(', ');
  const total = [...calls.values()].reduce((a, b) => a + b, 0) / N;
  console.log(`legacy payment: ${N} deposits, ${ms.toFixed(2)} ms mean`);
  console.log(`store calls per payment: ${total} (${perPayment})`);
  await app.close();
  await real.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});

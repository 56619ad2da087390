import { randomInt, randomUUID } from 'node:crypto';
import { call } from '../harness/http.ts';
import type { ServerProcess } from '../harness/server-process.ts';

export const PASSWORD = 'Bench-pass-2026!';

export interface BenchUser {
  accountNumber: number;
  token: string;
}

type Auth = { user: { accountNumber: number }; accessToken: string };

/** Sign-ups (argon2id) a few at a time, each followed by a large deposit. */
export async function fundedUsers(
  server: ServerProcess,
  count: number,
  /** Distinct phone numbers for a second set of users. */
  offset = 0,
): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  const one = async (i: number) => {
    const phone = `98${String(10_000_000 + (i + offset) * 7919).slice(-8)}`;
    const out = await call<Auth>(
      server.url,
      'auth.signUp',
      { fullName: `Bench User ${i}`, phone, password: PASSWORD },
      null,
    );
    if (out.kind !== 'ok') throw new Error(`sign-up: ${JSON.stringify(out)}`);
    const dep = await call(
      server.url,
      'payments.deposit',
      { amount: 1_000_000_00, idempotencyKey: randomUUID() },
      out.data.accessToken,
    );
    if (dep.kind !== 'ok') throw new Error(`deposit: ${JSON.stringify(dep)}`);
    users.push({ accountNumber: out.data.user.accountNumber, token: out.data.accessToken });
  };
  for (let i = 0; i < count; i += 4)
    await Promise.all([i, i + 1, i + 2, i + 3].filter((n) => n < count).map(one));
  return users;
}

/** A transfer request between two random users: the signed-in payer's bearer, a fresh key. */
export function transferRequest(users: BenchUser[]) {
  return () => {
    const a = randomInt(users.length);
    const b = (a + 1 + randomInt(users.length - 1)) % users.length;
    const body = {
      toAccountNumber: users[b]?.accountNumber,
      amount: 1 + randomInt(100),
      idempotencyKey: randomUUID(),
    };
    return {
      body: JSON.stringify(body),
      headers: { authorization: `Bearer ${users[a]?.token}` },
    };
  };
}

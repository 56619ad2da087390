import { afterAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers.ts';

/**
 * Issue 15, item 6: a refused password says which rule it broke in a field of the
 * answer (data.passwordRule), not only in its text, so a form can say it on the field.
 */

const s: TestServer = await startServer();
afterAll(() => s.close());

let seq = 0;
const phone = () => `93${String(10_000_000 + ++seq).slice(-8)}`;

interface TrpcError {
  message: string;
  data: { httpStatus: number; domainCode: string | null; passwordRule: string | null };
}

async function post(path: string, body: unknown, token?: string) {
  const res = await fetch(`${s.url}/trpc/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  return (await res.json()) as {
    error?: TrpcError;
    result?: { data: { accessToken: string } };
  };
}

describe('WEAK_PASSWORD carries the rule that failed', () => {
  it.each([
    ['k7#pLq2', 'length'],
    ['password', 'common'],
    ['aaaaaaaa', 'guessable'],
    ['Raghunathan77', 'personal'],
  ])('auth.signUp with %j: passwordRule %s', async (password, rule) => {
    const r = await post('auth.signUp', {
      fullName: 'Meenakshi Raghunathan',
      phone: phone(),
      password,
    });
    expect(r.error?.data).toMatchObject({
      httpStatus: 400,
      domainCode: 'WEAK_PASSWORD',
      passwordRule: rule,
    });
    expect(r.error?.message).toMatch(/^Password /);
  });

  it('auth.signUp with the phone number in the password: passwordRule phone', async () => {
    const p = phone();
    const r = await post('auth.signUp', { fullName: 'Asha Rao', phone: p, password: `x${p}y!` });
    expect(r.error?.data.passwordRule).toBe('phone');
  });

  it('auth.changePassword says the rule too; other refusals carry none', async () => {
    const ok = await post('auth.signUp', {
      fullName: 'Asha Raghunathan',
      phone: phone(),
      password: 'Violet-Harbour-42',
    });
    const token = ok.result?.data.accessToken;
    expect(token).toBeTruthy();
    const weak = await post(
      'auth.changePassword',
      { currentPassword: 'Violet-Harbour-42', newPassword: 'Raghunathan77' },
      token,
    );
    expect(weak.error?.data).toMatchObject({
      domainCode: 'WEAK_PASSWORD',
      passwordRule: 'personal',
    });
    const wrong = await post(
      'auth.changePassword',
      { currentPassword: 'not my password', newPassword: 'Amber-Lantern-77' },
      token,
    );
    expect(wrong.error?.data).toMatchObject({
      domainCode: 'INVALID_CREDENTIALS',
      passwordRule: null,
    });
  });
});

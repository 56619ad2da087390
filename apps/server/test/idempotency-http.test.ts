import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { call, type Outcome } from '../harness/http.ts';
import { startServer, type TestServer } from './helpers.ts';

/**
 * Idempotency under concurrency, over real HTTP (issue 7, item 3): many identical
 * requests with one key at once move money once and all get the same answer.
 */

type Auth = { user: { id: string; accountNumber: number }; accessToken: string };
type Paid = {
  transfer: { id: string; amount: number };
  balance: number;
  replayed: boolean;
};
type Timed = { out: Outcome<Paid>; at: number };

const s: TestServer = await startServer();
afterAll(() => s.close());

let seq = 0;
async function signUp(): Promise<Auth> {
  const phone = `96${String(10_000_000 + ++seq).slice(-8)}`;
  const out = await call<Auth>(
    s.url,
    'auth.signUp',
    { fullName: `Idem User ${seq}`, phone, password: 'correct horse 42' },
    null,
  );
  if (out.kind !== 'ok') throw new Error(`sign-up: ${JSON.stringify(out)}`);
  return out.data;
}

async function funded(amount: number): Promise<Auth> {
  const user = await signUp();
  const dep = await call(
    s.url,
    'payments.deposit',
    { amount, idempotencyKey: randomUUID() },
    user.accessToken,
  );
  if (dep.kind !== 'ok') throw new Error(`deposit: ${JSON.stringify(dep)}`);
  return user;
}

/** The caller's transfers (kind transfer) and balance, as the API shows them. */
async function state(user: Auth) {
  const list = await call<{ items: { id: string; kind: string; amount: number }[] }>(
    s.url,
    'transactions.list',
    { limit: 100, kind: 'transfer' },
    user.accessToken,
    'GET',
  );
  const dash = await call<{ balance: number }>(
    s.url,
    'account.dashboard',
    undefined,
    user.accessToken,
    'GET',
  );
  if (list.kind !== 'ok' || dash.kind !== 'ok') throw new Error('could not read state');
  return { transfers: list.data.items, balance: dash.data.balance };
}

/** Fires every body at once (no awaiting in between) and notes when each answer came. */
function burst(token: string, bodies: object[]): Promise<Timed[]> {
  return Promise.all(
    bodies.map(async (body) => {
      const out = await call<Paid>(s.url, 'payments.transfer', body, token);
      return { out, at: performance.now() };
    }),
  );
}

/** A refusal is acceptable only as a CONFLICT that arrived before the first call's answer. */
function lateOrWrongRefusals(answers: Timed[], firstAt: number) {
  return answers.filter(
    (a) =>
      a.out.kind !== 'ok' &&
      !(a.out.kind === 'refused' && a.out.code === 'CONFLICT' && a.at <= firstAt),
  );
}

describe('one idempotency key sent many times at once over HTTP', () => {
  it('50 identical transfers at once create one transfer and every answer agrees', async () => {
    const [alice, bob] = [await funded(1_000_00), await signUp()];
    const body = {
      toAccountNumber: bob.user.accountNumber,
      amount: 123_45,
      note: 'rent',
      idempotencyKey: randomUUID(),
    };
    const answers = await burst(
      alice.accessToken,
      Array.from({ length: 50 }, () => body),
    );

    const oks = answers.flatMap((a) => (a.out.kind === 'ok' ? [{ ...a, data: a.out.data }] : []));
    const originals = oks.filter((a) => !a.data.replayed);
    expect(originals).toHaveLength(1);
    const first = originals[0] as (typeof oks)[number];
    expect(lateOrWrongRefusals(answers, first.at)).toEqual([]);
    for (const a of oks) {
      expect(a.data.transfer).toEqual(first.data.transfer);
      expect(a.data.balance).toBe(1_000_00 - 123_45);
    }

    const after = await state(alice);
    expect(after.balance).toBe(1_000_00 - 123_45);
    expect(after.transfers.map((t) => t.id)).toEqual([first.data.transfer.id]);
    expect((await state(bob)).balance).toBe(123_45);

    // A later retry of the same request still gets the same answer.
    const again = await call<Paid>(s.url, 'payments.transfer', body, alice.accessToken);
    expect(again.kind === 'ok' && again.data).toMatchObject({
      replayed: true,
      transfer: first.data.transfer,
    });
  });

  it('the same key with another amount is refused as a conflict and changes nothing', async () => {
    const [alice, bob] = [await funded(500_00), await signUp()];
    const key = randomUUID();
    const body = { toAccountNumber: bob.user.accountNumber, amount: 10_00, idempotencyKey: key };
    const first = await call<Paid>(s.url, 'payments.transfer', body, alice.accessToken);
    expect(first.kind).toBe('ok');
    const before = await state(alice);

    const answers = await burst(
      alice.accessToken,
      Array.from({ length: 20 }, () => ({ ...body, amount: 20_00 })),
    );
    for (const a of answers) {
      expect(a.out).toMatchObject({
        kind: 'refused',
        status: 409,
        code: 'CONFLICT',
        domainCode: 'IDEMPOTENCY_CONFLICT',
      });
    }
    expect(await state(alice)).toEqual(before);
    expect((await state(bob)).balance).toBe(10_00);
  });

  it('two different bodies racing on one fresh key: one wins, its copies agree, the others conflict', async () => {
    const [alice, bob] = [await funded(500_00), await signUp()];
    const key = randomUUID();
    const to = bob.user.accountNumber;
    const bodies = Array.from({ length: 50 }, (_, i) => ({
      toAccountNumber: to,
      amount: i % 2 === 0 ? 1_00 : 2_00,
      idempotencyKey: key,
    }));
    const answers = await burst(alice.accessToken, bodies);

    const oks = answers.flatMap((a) => (a.out.kind === 'ok' ? [a.out.data] : []));
    const winner = oks.find((d) => !d.replayed);
    expect(oks.filter((d) => !d.replayed)).toHaveLength(1);
    for (const d of oks) expect(d.transfer).toEqual(winner?.transfer);
    const losers = answers.filter((a) => a.out.kind !== 'ok');
    for (const a of losers) expect(a.out).toMatchObject({ kind: 'refused', code: 'CONFLICT' });
    // Every body that matches the winner's amount was answered with it; every other refused.
    expect(oks).toHaveLength(25);
    expect(losers).toHaveLength(25);

    const after = await state(alice);
    expect(after.transfers).toHaveLength(1);
    // Output amounts are signed from the caller's side: money out is negative.
    expect(after.balance).toBe(500_00 + (winner?.transfer.amount ?? Number.NaN));
  });
});

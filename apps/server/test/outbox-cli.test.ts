import { openSqliteStore } from '@quickpay/db/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { parseOutboxArgs, renderOutbox } from '../src/outbox-cli.ts';

describe('pnpm sms:outbox arguments', () => {
  it('defaults to the last 10 messages to anyone', () => {
    expect(parseOutboxArgs([])).toEqual({ to: undefined, last: 10 });
  });

  it('normalizes --to to E.164 and reads --last (also after a pnpm "--")', () => {
    expect(parseOutboxArgs(['--', '--to', '98765 43210', '--last', '3'])).toEqual({
      to: '+919876543210',
      last: 3,
    });
  });

  it('refuses an invalid phone, a bad count and unknown options with one line', () => {
    expect(() => parseOutboxArgs(['--to', '123'])).toThrow('--to: not a valid phone number: 123');
    expect(() => parseOutboxArgs(['--last', '0'])).toThrow(
      '--last must be an integer from 1 to 500',
    );
    expect(() => parseOutboxArgs(['--last', 'many'])).toThrow('--last must be an integer');
    expect(() => parseOutboxArgs(['--all'])).toThrow(/--all/);
  });
});

describe('the outbox listing', () => {
  let t = Date.UTC(2026, 10, 24, 9, 0, 0);
  const store = openSqliteStore({ file: ':memory:', now: () => t });
  afterAll(() => store.close());

  it('says so when the outbox is empty', async () => {
    expect(await renderOutbox(store, { to: undefined, last: 10 })).toBe('(the outbox is empty)');
  });

  it('lists the newest messages first with time, recipient and body, filtered by phone', async () => {
    const send = async (to: string, body: string) => {
      t += 60_000;
      await store.enqueueSms({ to, body, purpose: 'password_reset', status: 'logged' });
    };
    await send('+919876543210', 'Quickpay code 111111');
    await send('+919812345678', 'Quickpay code 222222');
    await send('+919876543210', 'Quickpay code 333333');

    const all = (await renderOutbox(store, { to: undefined, last: 2 })).split('\n');
    expect(all).toHaveLength(2);
    expect(all[0]).toMatch(
      /^2026-11-24 09:03:00Z {2}\+919876543210 +logged +Quickpay code 333333$/,
    );
    expect(all[1]).toContain('+919812345678');

    const mine = await renderOutbox(store, { to: '+919876543210', last: 10 });
    expect(mine).toContain('333333');
    expect(mine).toContain('111111');
    expect(mine).not.toContain('222222');
    expect(await renderOutbox(store, { to: '+919800000000', last: 10 })).toBe(
      '(no messages to +919800000000)',
    );
  });
});

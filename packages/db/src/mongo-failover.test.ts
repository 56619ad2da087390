import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { deposit, newUserInput, post } from './contract/helpers.ts';
import { pick, prng } from './contract/settled.ts';
import { isDomainError } from './errors.ts';
import { userAccount } from './ids.ts';
import { openMongoStore } from './mongo/index.ts';
import { asBusy } from './mongo/timeouts.ts';
import type { PostedTransfer, User } from './types.ts';

/**
 * A failover under load, on a real replica set (CI's `mongo` job, or `docker compose up
 * -d mongo` locally): the primary steps down while transfers run. Every transfer must end
 * committed exactly once or refused with a domain code (STORE_BUSY while there is no
 * primary), never a raw driver error, and the ledger must stay whole.
 */
const uri = process.env.MONGODB_URI;

if (!uri) {
  console.log('MongoDB failover test SKIPPED: MONGODB_URI is not set (see README: docker compose)');
}

/** Asks the current primary to step down; it may drop our connection as it does. */
async function stepDownPrimary(at: string): Promise<void> {
  const client = new MongoClient(at);
  try {
    await client.db('admin').command({ replSetStepDown: 10, secondaryCatchUpPeriodSecs: 5 });
  } catch {
    // The stepping-down primary closes connections with writes in flight: expected.
  } finally {
    await client.close();
  }
}

/**
 * Runs `fn` until it is not refused as STORE_BUSY (an election takes a few seconds);
 * raw driver calls' timeouts count as busy too (asBusy).
 */
async function untilNotBusy<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isDomainError(asBusy(e), 'STORE_BUSY') || attempt >= 40) throw e;
      await sleep(500);
    }
  }
}

describe.skipIf(!uri)('mongo store: the primary steps down during concurrent transfers', () => {
  it('each transfer commits once or is refused with a domain code; the ledger stays whole', async () => {
    const at = uri ?? '';
    const dbName = `quickpay_test_${randomBytes(6).toString('hex')}`;
    const store = await openMongoStore({ uri: at, dbName, setup: true });
    try {
      const users: User[] = [];
      for (let i = 0; i < 6; i++) users.push(await store.createUser(newUserInput(`Failover ${i}`)));
      for (const u of users) await deposit(store, u, 100_000);
      const rand = prng(13);
      const jobs = Array.from({ length: 300 }, (_, i) => {
        const from = rand(6);
        return { from, to: (from + 1 + rand(5)) % 6, amount: 1 + rand(3000), key: `fo-${i}` };
      });
      const postJob = (j: (typeof jobs)[number]): Promise<PostedTransfer> =>
        post(
          store,
          'transfer',
          userAccount(pick(users, j.from).id),
          userAccount(pick(users, j.to).id),
          j.amount,
          pick(users, j.from),
          { idempotencyKey: j.key },
        );
      const running = Promise.allSettled(jobs.map(postJob));
      await sleep(50);
      await stepDownPrimary(at);
      const first = await running;

      // Only domain refusals: INSUFFICIENT_FUNDS, or STORE_BUSY during the election.
      const codes = first.flatMap((r) =>
        r.status === 'rejected' ? [(r.reason as { code?: unknown }).code ?? String(r.reason)] : [],
      );
      expect(codes.filter((c) => c !== 'INSUFFICIENT_FUNDS' && c !== 'STORE_BUSY')).toEqual([]);

      // A busy answer may hide a commit: the same key must answer with it, or post it once.
      let committed = 0;
      for (const [i, r] of first.entries()) {
        const job = jobs[i];
        if (!job) continue;
        if (r.status === 'fulfilled') {
          committed += 1;
        } else if (isDomainError(r.reason, 'STORE_BUSY')) {
          const again = await untilNotBusy(() => postJob(job)).catch((e: unknown) => e);
          if (isDomainError(again, 'INSUFFICIENT_FUNDS')) continue;
          expect(again).toMatchObject({ transfer: { amount: job.amount } });
          committed += 1;
        }
      }
      const transfers = await untilNotBusy(() =>
        store.db.collection('transfers').countDocuments({ kind: 'transfer' }),
      );
      expect(transfers).toBe(committed);
      expect(await untilNotBusy(() => store.verifyLedger())).toMatchObject({
        ok: true,
        total: 0,
        problems: [],
      });
      const balances = await Promise.all(users.map((u) => store.getBalance(userAccount(u.id))));
      expect(balances.reduce((x, y) => x + y, 0)).toBe(600_000);
    } finally {
      await untilNotBusy(() => store.db.dropDatabase()).catch(() => {});
      await store.close();
    }
  }, 180_000);
});

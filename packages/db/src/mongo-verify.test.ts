import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deposit, newUserInput, send } from './contract/helpers.ts';
import { fulfilled, pick, prng } from './contract/settled.ts';
import { userAccount } from './ids.ts';
import { openMongoLedgerReadOnly, openMongoStore } from './mongo/index.ts';
import type { LedgerReport, User } from './types.ts';

/**
 * `pnpm ledger:verify` on a real replica set (CI's `mongo` job, or `docker compose up -d
 * mongo` locally): the streaming check runs while transfers commit, and must report the
 * moving ledger healthy every time; then edited documents are named.
 */
const uri = process.env.MONGODB_URI;

if (!uri) {
  console.log(
    'MongoDB ledger check test SKIPPED: MONGODB_URI is not set (see README: docker compose)',
  );
}

describe.skipIf(!uri)('mongo ledger check: streaming, under live traffic', () => {
  it('a ledger moving during the check is healthy every time; edits are named', async () => {
    const at = uri ?? '';
    const dbName = `quickpay_test_${randomBytes(6).toString('hex')}`;
    // The deposits are minted an hour back, so they lie below the check's watermark
    // (SETTLE_MS) and the global sums cover them; the traffic is above it.
    let offset = -3_600_000;
    const store = await openMongoStore({
      uri: at,
      dbName,
      setup: true,
      now: () => Date.now() + offset,
    });
    const check = await openMongoLedgerReadOnly({ uri: at, dbName });
    try {
      const users: User[] = [];
      for (let i = 0; i < 6; i++) users.push(await store.createUser(newUserInput(`Check ${i}`)));
      for (const u of users) await deposit(store, u, 100_000);
      offset = 0;
      const rand = prng(11);
      const traffic = Promise.allSettled(
        Array.from({ length: 300 }, () => {
          const from = rand(6);
          return send(
            store,
            pick(users, from),
            pick(users, (from + 1 + rand(5)) % 6),
            1 + rand(900),
          );
        }),
      );
      const during: LedgerReport[] = [];
      for (let i = 0; i < 5; i++) during.push(await check.verifyLedger());
      const done = fulfilled(await traffic);
      for (const r of during) expect(r).toMatchObject({ ok: true, total: 0, problems: [] });
      expect(await check.verifyLedger()).toMatchObject({
        ok: true,
        total: 0,
        problems: [],
        transfers: 6 + done.length,
      });

      // An edited balance-after, and an edited balance.
      const transfers = store.db.collection<{ _id: string; credit: { balanceAfter: number } }>(
        'transfers',
      );
      const first = await transfers.findOne({}, { sort: { _id: 1 } });
      if (!first) throw new Error('no transfer');
      await transfers.updateOne({ _id: first._id }, { $inc: { 'credit.balanceAfter': 1 } });
      const account = userAccount(pick(users, 0).id);
      await store.db
        .collection<{ _id: string; balance: number }>('ledgerAccounts')
        .updateOne({ _id: account }, { $inc: { balance: 7 } });
      const report = await check.verifyLedger();
      expect(report.ok).toBe(false);
      expect(report.problems).toContainEqual(
        expect.objectContaining({ kind: 'bad_transfer', transferId: first._id }),
      );
      expect(report.problems).toContainEqual(
        expect.objectContaining({ kind: 'balance_mismatch', account }),
      );
    } finally {
      await store.db.dropDatabase();
      await Promise.all([store.close(), check.close()]);
    }
  });
});

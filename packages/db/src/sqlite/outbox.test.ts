import { afterEach, describe, expect, it } from 'vitest';
import { deposit, key, makeUser } from '../contract/helpers.ts';
import { userAccount } from '../ids.ts';
import { minor } from '../money.ts';
import { BALANCE_SLOT } from '../transfer-alert.ts';
import type { PostTransferInput, User } from '../types.ts';
import { openSqliteStore, type SqliteStore } from './index.ts';
import { createPosting } from './posting.ts';

let store: SqliteStore;
afterEach(() => store.close());

async function setup() {
  store = openSqliteStore({ file: ':memory:' });
  const asha = await makeUser(store, 'Asha Rao');
  const ravi = await makeUser(store, 'Ravi Kumar');
  await deposit(store, asha, 10_000);
  return { asha, ravi };
}

const transfer = (from: User, to: User, amount: number): PostTransferInput => ({
  kind: 'transfer',
  debit: userAccount(from.id),
  credit: userAccount(to.id),
  amount: minor(amount),
  initiatorId: from.id,
  idempotencyKey: key(),
  alert: { to: to.phone, body: `alert. Balance: ${BALANCE_SLOT}.`, currency: 'INR' },
});

const count = (table: 'transfers' | 'sms_outbox') =>
  store.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();

describe('sqlite transfer alerts: one transaction with the transfer', () => {
  it('a transaction that fails after the alert was written keeps neither the transfer nor the alert', async () => {
    const { asha, ravi } = await setup();
    // An area posting as one step of its own transaction (as payRequest does), whose
    // later step fails: everything the posting wrote goes with it.
    const posting = createPosting({ db: store.db, now: Date.now, maxAmount: minor(1e9) });
    const payThenFail = store.db.transaction(() => {
      const posted = posting.post(transfer(asha, ravi, 500));
      expect(count('sms_outbox')).toBe(1); // written, inside the transaction
      expect(posted.replayed).toBe(false);
      throw new Error('a later step failed');
    });
    expect(() => payThenFail()).toThrow('a later step failed');
    expect(count('transfers')).toBe(1); // the deposit only
    expect(count('sms_outbox')).toBe(0);
    expect(await store.getBalance(userAccount(ravi.id))).toBe(0);
  });

  it('a group commit aborted by a later request rolls back an earlier request and its alert', async () => {
    const { asha, ravi } = await setup();
    // A trigger that takes the whole transaction with it (a database-level failure).
    store.db.exec(`CREATE TEMP TRIGGER qp_abort AFTER INSERT ON main.transfers
      WHEN NEW.amount = 13 BEGIN SELECT RAISE(ROLLBACK, 'batch aborted'); END`);
    // Submitted in one tick: one batch, one transaction.
    const first = store.postTransfer(transfer(asha, ravi, 500));
    const second = store.postTransfer(transfer(asha, ravi, 13));
    await expect(first).rejects.toThrow('batch aborted');
    await expect(second).rejects.toThrow('batch aborted');
    expect(store.groupCommitStats.aborted).toBe(1);
    expect(count('transfers')).toBe(1);
    expect(count('sms_outbox')).toBe(0);
    // The next batch commits both again.
    store.db.exec('DROP TRIGGER qp_abort');
    const ok = await store.postTransfer(transfer(asha, ravi, 500));
    const [sms] = await store.listSms({ to: ravi.phone });
    expect(sms?.body).toBe('alert. Balance: ₹5.00.');
    expect(ok.transfer.credit.balanceAfter).toBe(500);
  });
});

import { userAccount } from '@quickpay/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { refused } from '../testing/assert.ts';
import { createTestApi, type SignedUp, type TestApi } from '../testing/harness.ts';

let t: TestApi;
let asha: SignedUp;
beforeEach(async () => {
  t = createTestApi({ currency: 'INR' });
  asha = await t.signUp('Asha Rao');
});
afterEach(() => t.close());

describe('profile.get', () => {
  it("returns the caller's own profile with plain-JSON dates", async () => {
    const p = await asha.api.profile.get();
    expect(p).toEqual({
      id: asha.user.id,
      accountNumber: asha.user.accountNumber,
      fullName: 'Asha Rao',
      phone: `+91${asha.phone}`,
      age: null,
      gender: null,
      smsAlerts: false,
      createdAt: new Date(t.clock.now()).toISOString(),
      currency: 'INR',
    });
    expect('passwordHash' in p).toBe(false);
  });

  it('shows each user only their own profile', async () => {
    const ravi = await t.signUp('Ravi Kumar');
    expect((await ravi.api.profile.get()).id).toBe(ravi.user.id);
    expect((await asha.api.profile.get()).id).toBe(asha.user.id);
  });
});

describe('profile.update', () => {
  it('renames (trimmed) and relabels the main account for later transfers', async () => {
    const p = await asha.api.profile.update({ fullName: '  Asha R. Menon ' });
    expect(p.fullName).toBe('Asha R. Menon');
    expect((await t.store.findUserById(asha.user.id))?.fullName).toBe('Asha R. Menon');
    await t
      .callerAs({
        user: { ...asha.user, fullName: 'Asha R. Menon' },
        sessionId: 's',
        authTime: new Date(t.clock.now()),
      })
      .payments.deposit({ amount: 1_00, idempotencyKey: 'profile-test-1' });
    const [entry] = (await t.store.listHistory(userAccount(asha.user.id), {})).items;
    expect(entry?.transfer.credit.label).toBe('Asha R. Menon');
  });

  it('switches SMS alerts on and off and leaves the name alone', async () => {
    expect((await asha.api.profile.update({ smsAlerts: true })).smsAlerts).toBe(true);
    expect((await t.store.findUserById(asha.user.id))?.smsAlerts).toBe(true);
    const off = await asha.api.profile.update({ smsAlerts: false });
    expect(off).toMatchObject({ smsAlerts: false, fullName: 'Asha Rao' });
  });

  it('refuses a blank or overlong name and unknown fields, changing nothing', async () => {
    const update = asha.api.profile.update as (input: unknown) => Promise<unknown>;
    for (const input of [
      { fullName: '  ' },
      { fullName: 'x'.repeat(101) },
      { phone: '9876543210' },
      { smsAlerts: 'yes' },
    ]) {
      expect((await refused(update(input))).code).toBe('BAD_REQUEST');
    }
    expect(await asha.api.profile.get()).toMatchObject({ fullName: 'Asha Rao', smsAlerts: false });
  });
});

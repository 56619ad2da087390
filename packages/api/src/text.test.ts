import { userAccount } from '@quickpay/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMoneyTest, key, type MoneyTest, refusal } from './money/testing.ts';

let t: MoneyTest;
beforeEach(() => {
  t = createMoneyTest();
});
afterEach(() => t.close());

// Text other people see must never carry markup into a client that renders it as HTML.
describe('free text refuses markup', () => {
  it('a name with angle brackets is refused at sign-up and nothing is created', async () => {
    const r = await refusal(
      t.caller().auth.signUp({
        fullName: '<img src=x onerror=alert(1)>',
        phone: '9812345670',
        password: 'correct horse 42',
      }),
    );
    expect(r.code).toBe('BAD_REQUEST');
    expect(r.message).toMatch(/Name may not contain < >/);
    expect(await t.store.findUserByPhone('+919812345670')).toBeNull();
  });

  it('a transfer note with markup is refused and no money moves', async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const b = await t.user('Ravi Kumar');
    const r = await refusal(
      a.api.payments.transfer({
        toAccountNumber: b.user.accountNumber,
        amount: 1_00,
        note: 'rent <script>steal()</script>',
        idempotencyKey: key(),
      }),
    );
    expect(r.message).toMatch(/Note may not contain/);
    expect(await t.store.getBalance(userAccount(a.user.id))).toBe(100_00);
    expect(await t.store.getBalance(userAccount(b.user.id))).toBe(0);
  });

  it('goal, payee and profile names with markup are refused; ordinary punctuation is kept', async () => {
    const a = await t.user('Asha Rao');
    const b = await t.user('Ravi Kumar');
    expect(
      (await refusal(a.api.savings.create({ name: '<b>Car</b>', targetAmount: 100 }))).code,
    ).toBe('BAD_REQUEST');
    expect(
      (await refusal(a.api.contacts.add({ accountNumber: b.user.accountNumber, nickname: 'a>b' })))
        .code,
    ).toBe('BAD_REQUEST');
    expect((await refusal(a.api.profile.update({ fullName: 'Asha <Rao>' }))).code).toBe(
      'BAD_REQUEST',
    );
    const goal = await a.api.savings.create({
      name: "Mum's bike & helmet (50%)",
      targetAmount: 100,
    });
    expect(goal.name).toBe("Mum's bike & helmet (50%)");
    expect(await a.api.savings.list()).toHaveLength(1);
    expect(await a.api.contacts.list()).toHaveLength(0);
  });
});

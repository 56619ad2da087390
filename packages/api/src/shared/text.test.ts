import { userAccount } from '@quickpay/db';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMoneyTest, key, type MoneyTest, refusal } from '../testing/members.ts';
import { textProblem } from './text.ts';

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

// Text must also read as what it says: nothing invisible, no direction tricks.
describe('textProblem', () => {
  it.each([
    ['a bidi override', 'Asha \u202Eoar'],
    ['a right-to-left isolate', 'pay \u2067 back'],
    ['a zero-width space inside a word', 'pay\u200Bpal'],
    ['a zero-width joiner inside a Latin word', 'pay\u200Dpal'],
    ['a zero-width non-joiner inside a Cyrillic word', 'Ива\u200Cн'],
    ['a zero-width joiner between a Latin letter and a mark', 'pay\u200D\u0301pal'],
    ['a zero-width joiner after an accented Latin letter', 'pay\u0301\u200Dpal'],
    ['a byte-order mark inside', 'Asha\uFEFFRao'],
    ['a line separator', 'Asha\u2028Rao'],
    ['a paragraph separator', 'Asha\u2029Rao'],
    ['a tag character', 'Asha\u{E0041}'],
    ['a soft hyphen', 'Ash\u00ADa'],
    ['a private-use character', 'Asha \uE000'],
    ['a Hangul filler', 'Asha \u3164'],
    ['a variation selector run', 'Asha\uFE01\uFE02'],
    ['a control character', 'Asha\u0007'],
  ])('refuses %s', (_, text) => {
    expect(textProblem(text)).toMatch(/invisible or formatting characters/);
  });

  it('refuses lone surrogates', () => {
    expect(textProblem('Asha \uD800')).toMatch(/invalid character/);
    expect(textProblem('Asha \uDFFF x')).toMatch(/invalid character/);
  });

  it('refuses text with nothing visible, and piles of combining marks', () => {
    expect(textProblem('\u0301\u0301')).toMatch(/visible characters/);
    expect(textProblem('a\u0301\u0302\u0303\u0304\u0305')).toMatch(/marks/);
  });

  it.each([
    ['Devanagari', 'श्रीमती अनन्या'],
    ['Devanagari with a ZWJ after a virama', 'क्\u200Dष'],
    ['Malayalam with a ZWNJ', 'ന്\u200Cറ'],
    ['Bengali ya-phala with a ZWJ after RA', 'র\u200D্য'],
    ['Urdu with a ZWNJ', 'می\u200Cخواهم'],
    ['Tamil', 'செல்வி'],
    ['an emoji ZWJ sequence', 'family 👨\u200D👩\u200D👧 trip'],
    ['an emoji with presentation selector', 'love ❤\uFE0F'],
    ['accents', 'Zoë Ångström'],
    ['a no-break space', 'Asha\u00A0Rao'],
    ['punctuation', "Mum's bike & helmet (50%)"],
    ['the empty string', ''],
  ])('accepts %s', (_, text) => {
    expect(textProblem(text)).toBeNull();
  });
});

describe('names, nicknames, notes and goal names refuse hidden text', () => {
  it('a bidi override in a sign-up name is refused and nothing is created', async () => {
    const r = await refusal(
      t.caller().auth.signUp({
        fullName: 'Asha \u202Eoar',
        phone: '9812345671',
        password: 'correct horse 42',
      }),
    );
    expect(r.code).toBe('BAD_REQUEST');
    expect(r.message).toMatch(/Name may not contain control, invisible or formatting/);
    expect(await t.store.findUserByPhone('+919812345671')).toBeNull();
  });

  it('nicknames, notes, goal names and profile names with hidden text are refused', async () => {
    const a = await t.user('Asha Rao', { balance: 100_00 });
    const b = await t.user('Ravi Kumar');
    const to = b.user.accountNumber;
    const cases: [() => Promise<unknown>, RegExp][] = [
      [() => a.api.contacts.add({ accountNumber: to, nickname: '\u200B\u200B' }), /"Nickname /],
      [() => a.api.savings.create({ name: 'Car\u2028Fund', targetAmount: 100 }), /"Name /],
      [() => a.api.profile.update({ fullName: 'Bank \u202Eofficial' }), /"Name /],
      [
        () =>
          a.api.payments.transfer({
            toAccountNumber: to,
            amount: 1_00,
            note: 'rent\u2066',
            idempotencyKey: key(),
          }),
        /"Note /,
      ],
    ];
    for (const [call, label] of cases) {
      const r = await refusal(call());
      expect(r.code).toBe('BAD_REQUEST');
      expect(r.message).toMatch(label);
    }
    expect(await t.store.getBalance(userAccount(a.user.id))).toBe(100_00);
    expect(await a.api.contacts.list()).toHaveLength(0);
    expect(await a.api.savings.list()).toHaveLength(0);
    expect((await a.api.profile.get()).fullName).toBe('Asha Rao');
  });
});

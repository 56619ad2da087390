import { describe, expect, it } from 'vitest';
import { minor } from './money.ts';
import { alertSms, BALANCE_SLOT } from './transfer-alert.ts';
import type { Transfer } from './types.ts';

const credited = (balanceAfter: number) =>
  ({ credit: { balanceAfter: minor(balanceAfter) } }) as Transfer;

describe('alertSms', () => {
  it('fills every balance slot with the credited balance, as a pending alert', () => {
    const alert = {
      to: '+919800000001',
      body: `A ${BALANCE_SLOT}; B ${BALANCE_SLOT}.`,
      currency: 'INR',
    };
    expect(alertSms(alert, credited(1_23_45_678_90))).toEqual({
      to: '+919800000001',
      body: 'A ₹1,23,45,678.90; B ₹1,23,45,678.90.',
      purpose: 'alert',
      status: 'pending',
    });
  });

  it('writes a "$" balance literally and scales by the currency', () => {
    const usd = { to: '+1', body: `Balance: ${BALANCE_SLOT}.`, currency: 'USD', locale: 'en-US' };
    expect(alertSms(usd, credited(1_234_50)).body).toBe('Balance: $1,234.50.');
    const jpy = { to: '+81', body: BALANCE_SLOT, currency: 'JPY', locale: 'en-US' };
    expect(alertSms(jpy, credited(500)).body).toBe('¥500');
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  firstMessage,
  INVALID_INPUT,
  integer,
  money,
  optionalText,
  phoneDigits,
  text,
} from './fields.ts';

const parse = (schema: z.ZodType, value: unknown) => {
  const r = z.object({ v: schema }).safeParse({ v: value });
  return r.success
    ? { ok: true as const, value: (r.data as { v: unknown }).v }
    : { ok: false as const, message: firstMessage(r.error) };
};

describe('legacy fields', () => {
  it('integer accepts a JSON number or a numeric string', () => {
    const f = integer({
      missing: 'Valid User ID is required',
      invalid: 'Valid User ID is required',
    });
    expect(parse(f, 1000)).toEqual({ ok: true, value: 1000 });
    expect(parse(f, '1000')).toEqual({ ok: true, value: 1000 });
    expect(parse(f, '10.5')).toEqual({ ok: false, message: 'Valid User ID is required' });
    expect(parse(f, undefined)).toEqual({ ok: false, message: 'Valid User ID is required' });
  });

  it('difference 8: an object where a string or number belongs is refused', () => {
    expect(parse(text({ missing: 'req' }), { $ne: null })).toEqual({
      ok: false,
      message: INVALID_INPUT,
    });
    expect(parse(text({ missing: 'req' }), ['a'])).toEqual({ ok: false, message: INVALID_INPUT });
    expect(parse(integer({ missing: 'req', invalid: 'bad id' }), { $gt: 0 })).toEqual({
      ok: false,
      message: 'bad id',
    });
    expect(
      parse(money({ missing: 'Invalid amount', invalid: 'Invalid amount' }, 100), { $gt: 0 }),
    ).toEqual({ ok: false, message: 'Invalid amount' });
    expect(parse(optionalText(), { a: 1 })).toEqual({ ok: false, message: INVALID_INPUT });
    expect(
      parse(phoneDigits({ missing: 'x', invalid: 'Invalid phone number' }), { $regex: '.*' }),
    ).toEqual({ ok: false, message: 'Invalid phone number' });
  });

  it('text trims and refuses empty strings and numbers', () => {
    const f = text({ missing: 'All fields are required' });
    expect(parse(f, '  Asha  ')).toEqual({ ok: true, value: 'Asha' });
    expect(parse(f, '')).toEqual({ ok: false, message: 'All fields are required' });
    expect(parse(f, '   ')).toEqual({ ok: false, message: INVALID_INPUT });
    expect(parse(f, 12)).toEqual({ ok: false, message: INVALID_INPUT });
  });

  it('phoneDigits wants exactly 10 digits as a number or a string', () => {
    const f = phoneDigits({ missing: 'm', invalid: 'Phone number must be 10 digits' });
    expect(parse(f, 9876543210)).toEqual({ ok: true, value: '9876543210' });
    expect(parse(f, '9876543210')).toEqual({ ok: true, value: '9876543210' });
    expect(parse(f, '98765')).toEqual({ ok: false, message: 'Phone number must be 10 digits' });
  });

  it('optionalText defaults when absent', () => {
    expect(parse(optionalText('x'), undefined)).toEqual({ ok: true, value: 'x' });
    expect(parse(optionalText(), ' rent ')).toEqual({ ok: true, value: 'rent' });
  });
});

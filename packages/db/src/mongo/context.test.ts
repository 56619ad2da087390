import { MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { againIfDuplicate, duplicateOn, escapeRegExp, isDuplicateKey, nextId } from './context.ts';

describe('context helpers', () => {
  it('nextId is strictly increasing even when the clock stands still or steps back', () => {
    const t = Date.UTC(2024, 0, 1);
    const ids = [nextId(t), nextId(t), nextId(t), nextId(t - 5000), nextId(t + 1)];
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => /^[0-9a-z]{21}$/.test(id))).toBe(true);
  });

  it('ids from a later millisecond sort after earlier ones', () => {
    const a = nextId(Date.UTC(2030, 0, 1));
    const b = nextId(Date.UTC(2030, 0, 1) + 1);
    expect(b > a).toBe(true);
  });

  it('duplicateOn tells which unique index a duplicate-key error came from', () => {
    const phone = new MongoServerError({
      code: 11000,
      errmsg: 'E11000 duplicate key error collection: qp.users index: phone_unique',
      keyPattern: { phone: 1 },
      keyValue: { phone: '+91' },
    });
    expect(isDuplicateKey(phone)).toBe(true);
    expect(duplicateOn(phone, 'phone')).toBe(true);
    expect(duplicateOn(phone, 'accountNumber')).toBe(false);
    // Without keyPattern (older servers), the message names the index and key.
    const old = new MongoServerError({
      code: 11000,
      errmsg:
        'E11000 duplicate key error index: owner_account_unique dup key: { accountNumber: 1 }',
    });
    expect(duplicateOn(old, 'accountNumber')).toBe(true);
    const other = new MongoServerError({ code: 112, errmsg: 'WriteConflict' });
    expect(isDuplicateKey(other)).toBe(false);
    expect(duplicateOn(new Error('phone'), 'phone')).toBe(false);
  });

  it('escapeRegExp makes every metacharacter literal', () => {
    const text = 'a.b*c+d?e^f$g{h}i(j)k|l[m]n\\o';
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).toBe(true);
    expect(new RegExp(escapeRegExp('a.b')).test('axb')).toBe(false);
  });

  it('againIfDuplicate runs once more after a duplicate key, and only then', async () => {
    const dup = new MongoServerError({ code: 11000, errmsg: 'E11000', keyPattern: { k: 1 } });
    let calls = 0;
    const flaky = () => {
      calls += 1;
      return calls === 1 ? Promise.reject(dup) : Promise.resolve('second');
    };
    expect(await againIfDuplicate(flaky)).toBe('second');
    expect(calls).toBe(2);

    calls = 0;
    const always = () => {
      calls += 1;
      return Promise.reject(dup);
    };
    await expect(againIfDuplicate(always)).rejects.toBe(dup);
    expect(calls).toBe(2);

    calls = 0;
    const other = new MongoServerError({ code: 112, errmsg: 'WriteConflict' });
    const failing = () => {
      calls += 1;
      return Promise.reject(other);
    };
    await expect(againIfDuplicate(failing)).rejects.toBe(other);
    expect(calls).toBe(1);
  });
});

import { describe, expect, it } from 'vitest';
import { IntentKeys, newUuid } from './idempotency.ts';

const counter = () => {
  let n = 0;
  return () => `k${++n}`;
};

describe('IntentKeys', () => {
  it('keeps one key while the same request is retried', () => {
    const keys = new IntentKeys(counter());
    const req = { to: 1001, amount: 500 };
    expect(keys.keyFor(req)).toBe('k1');
    expect(keys.keyFor({ ...req })).toBe('k1');
  });

  it('gives a new key when the request is edited', () => {
    const keys = new IntentKeys(counter());
    expect(keys.keyFor({ amount: 500 })).toBe('k1');
    expect(keys.keyFor({ amount: 600 })).toBe('k2');
  });

  it('gives a new key for the same request after a success', () => {
    const keys = new IntentKeys(counter());
    expect(keys.keyFor({ amount: 500 })).toBe('k1');
    keys.succeeded();
    expect(keys.keyFor({ amount: 500 })).toBe('k2');
  });

  it('makes UUIDs by default', () => {
    expect(new IntentKeys().keyFor({})).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('newUuid', () => {
  it('falls back to getRandomValues where randomUUID is missing (plain HTTP on a LAN address)', () => {
    const c = { getRandomValues: crypto.getRandomValues.bind(crypto) };
    const ids = new Set(Array.from({ length: 50 }, () => newUuid(c)));
    expect(ids.size).toBe(50);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe('without crypto.randomUUID (plain HTTP on a LAN address)', () => {
  it('the default key maker still gives distinct RFC 4122 v4 UUIDs', () => {
    const own = Object.getOwnPropertyDescriptor(crypto, 'randomUUID');
    // As in an insecure context: the method is simply not there.
    Object.defineProperty(crypto, 'randomUUID', { value: undefined, configurable: true });
    try {
      expect(typeof crypto.randomUUID).toBe('undefined');
      const keys = new IntentKeys();
      const first = keys.keyFor({ amount: 500 });
      keys.succeeded();
      const second = keys.keyFor({ amount: 500 });
      for (const id of [first, second, newUuid()])
        expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(first).not.toBe(second);
    } finally {
      if (own) Object.defineProperty(crypto, 'randomUUID', own);
      else delete (crypto as { randomUUID?: unknown }).randomUUID;
    }
    expect(typeof crypto.randomUUID).toBe('function');
  });
});

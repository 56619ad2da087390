import { randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { describeStoreContract, type StoreFactory } from './contract/index.ts';
import { MongoStore, openMongoStore } from './mongo/index.ts';
import type { Store } from './store.ts';

const uri = process.env.MONGODB_URI;

if (uri) {
  // A real server: each test opens a fresh database (collections, validators, indexes),
  // and the property test does so 30 times, so the 5 s default is too tight.
  vi.setConfig({ testTimeout: 120_000, hookTimeout: 30_000 });
  // Every store gets its own database, dropped after the test; a reopened store takes
  // the database over, so only the last holder drops it.
  const names = new Map<Store, string>();
  const openIn = async (dbName: string, opts: Parameters<StoreFactory['open']>[0]) => {
    const store = await openMongoStore({ uri, dbName, ...opts });
    names.set(store, dbName);
    return store;
  };
  describeStoreContract('mongo', {
    open: (opts) => openIn(`quickpay_test_${randomBytes(6).toString('hex')}`, opts),
    reopen: async (old, opts) => {
      const dbName = names.get(old);
      if (!dbName) throw new Error('reopen of a store this factory did not open');
      names.delete(old);
      await old.close();
      return openIn(dbName, opts);
    },
    cleanup: async (store) => {
      const dbName = names.get(store);
      names.delete(store);
      if (dbName && store instanceof MongoStore) await store.db.dropDatabase();
    },
  });
} else {
  console.log('MongoDB contract suite skipped: MONGODB_URI not set (no mongod on this machine)');
  describe.skip('mongo store contract (needs MONGODB_URI naming a replica set)', () => {
    it('runs the store contract', () => {});
  });
}

describe('openMongoStore without a server', () => {
  it('rejects an unreachable URI with an error naming the URI and the cause', async () => {
    const bad = 'mongodb://quickpay:s3cret@127.0.0.1:1/?serverSelectionTimeoutMS=500';
    const error = await openMongoStore({ uri: bad }).then(
      () => expect.fail('openMongoStore resolved against a closed port'),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(
      /^cannot connect to MongoDB at mongodb:\/\/quickpay:\*\*\*@127\.0\.0\.1:1\//,
    );
    expect(message).toMatch(/ECONNREFUSED|Server selection timed out/);
    expect(message).not.toContain('s3cret');
  });

  it('rejects a malformed URI with an error that says so, without a password', async () => {
    await expect(openMongoStore({ uri: 'http://user:pw@example.com/db' })).rejects.toThrow(
      /^invalid MongoDB URI http:\/\/user:\*\*\*@example\.com\/db: /,
    );
  });
});

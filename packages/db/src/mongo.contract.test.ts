import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { describeStoreContract } from './contract/index.ts';
import { MongoStore, openMongoStore } from './mongo/index.ts';

const uri = process.env.MONGODB_URI;

if (uri) {
  // Every store gets its own database, dropped after the test.
  describeStoreContract('mongo', {
    open: (opts) =>
      openMongoStore({ uri, dbName: `quickpay_test_${randomBytes(6).toString('hex')}`, ...opts }),
    cleanup: async (store) => {
      if (store instanceof MongoStore) await store.db.dropDatabase();
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
});

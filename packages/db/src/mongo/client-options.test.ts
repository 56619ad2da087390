import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import {
  CLIENT_TIMEOUTS,
  clientOptions,
  MAX_COMMIT_TIME_MS,
  TRANSACTION_OPTIONS,
  uriSets,
} from './client-options.ts';
import { VERIFY_READ } from './verify.ts';

/** A client as openMongoStore builds it; constructing one parses options and connects to nothing. */
const clientFor = (uri: string, purpose = {}) => new MongoClient(uri, clientOptions(uri, purpose));

const LOOSE =
  'mongodb://h1:27017,h2:27017/app?replicaSet=rs0&w=1&readConcernLevel=local' +
  '&readPreference=secondaryPreferred&retryWrites=false';

describe('MongoDB client options', () => {
  it('pins majority writes, majority reads and the primary over a URI that asks for less', () => {
    const { options } = clientFor(LOOSE);
    expect(options.writeConcern?.w).toBe('majority');
    expect(options.readConcern?.level).toBe('majority');
    expect(options.readPreference.mode).toBe('primary');
  });

  it('leaves retryable writes and reads to the URI (driver default: on)', () => {
    expect(clientFor(LOOSE).options.retryWrites).toBe(false);
    const plain = clientFor('mongodb://h1:27017/?replicaSet=rs0').options;
    expect(plain.retryWrites).toBe(true);
    expect(plain.retryReads).toBe(true);
  });

  it('bounds server selection, connecting, pool checkout and silent sockets by default', () => {
    const { options } = clientFor('mongodb://h1:27017/?replicaSet=rs0');
    expect(options.serverSelectionTimeoutMS).toBe(CLIENT_TIMEOUTS.serverSelectionTimeoutMS);
    expect(options.connectTimeoutMS).toBe(CLIENT_TIMEOUTS.connectTimeoutMS);
    expect(options.waitQueueTimeoutMS).toBe(CLIENT_TIMEOUTS.waitQueueTimeoutMS);
    expect(options.socketTimeoutMS).toBe(CLIENT_TIMEOUTS.socketTimeoutMS);
    // The driver's own defaults would be 30 s, 30 s, unbounded and unbounded.
    expect(options.serverSelectionTimeoutMS).toBeLessThan(30_000);
    expect(options.waitQueueTimeoutMS).toBeGreaterThan(0);
  });

  it('a timeout set in the URI wins over the default', () => {
    const uri =
      'mongodb://h1:27017/?replicaSet=rs0&serverSelectionTimeoutMS=1500&SOCKETTIMEOUTMS=0';
    const { options } = clientFor(uri);
    expect(options.serverSelectionTimeoutMS).toBe(1500);
    expect(options.socketTimeoutMS).toBe(0);
    expect(options.waitQueueTimeoutMS).toBe(CLIENT_TIMEOUTS.waitQueueTimeoutMS);
  });

  it('long operations (db:setup, ledger:verify) get no socket timeout', () => {
    const { options } = clientFor('mongodb://h1:27017/?replicaSet=rs0', { longOperations: true });
    expect(options.socketTimeoutMS).toBe(0);
    expect(options.serverSelectionTimeoutMS).toBe(CLIENT_TIMEOUTS.serverSelectionTimeoutMS);
  });

  it('transactions read a snapshot, commit at majority on the primary, within a bound', () => {
    expect(TRANSACTION_OPTIONS).toEqual({
      readConcern: { level: 'snapshot' },
      writeConcern: { w: 'majority' },
      readPreference: 'primary',
      maxCommitTimeMS: MAX_COMMIT_TIME_MS,
    });
  });

  it('a session started by the pinned client carries those transaction options', () => {
    const client = clientFor(LOOSE);
    const session = client.startSession();
    try {
      session.startTransaction(TRANSACTION_OPTIONS);
      expect(session.transaction.options.readConcern).toEqual({ level: 'snapshot' });
      expect(session.transaction.options.writeConcern?.w).toBe('majority');
      expect(session.transaction.options.maxTimeMS).toBe(MAX_COMMIT_TIME_MS);
    } finally {
      void session.endSession();
    }
  });

  it('uriSets reads option names case-insensitively from the query only', () => {
    expect(uriSets('mongodb://h/?a=1&socketTimeoutMS=5', 'sockettimeoutms')).toBe(true);
    expect(uriSets('mongodb://socketTimeoutMS@h/', 'socketTimeoutMS')).toBe(false);
    expect(uriSets('mongodb://h/', 'w')).toBe(false);
  });

  it('the store reads the primary; the ledger check asks for a secondary, at majority, causally', async () => {
    const client = clientFor('mongodb://h1:27017,h2:27017/?replicaSet=rs0');
    const session = client.startSession({ causalConsistency: true });
    try {
      const col = client.db('x').collection('ledgerAccounts');
      expect(col.find({}, { session }).readPreference.mode).toBe('primary');
      const check = col.find({}, { session, ...VERIFY_READ });
      expect(check.readPreference.mode).toBe('secondaryPreferred');
      expect(check.readConcern?.level).toBe('majority');
      expect(session.supports.causalConsistency).toBe(true);
    } finally {
      await session.endSession();
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  assertTransactional,
  checkServer,
  databaseName,
  isStandalone,
  redactUri,
  STANDALONE_MESSAGE,
  singleNodeWarning,
  unreachable,
  versionRefusal,
} from './topology.ts';

// Shapes of real `hello` replies (trimmed).
const standalone = { isWritablePrimary: true, maxWireVersion: 21, ok: 1 };
const replicaPrimary = { isWritablePrimary: true, setName: 'rs0', hosts: ['a:27017'], ok: 1 };
const replicaSecondary = { isWritablePrimary: false, secondary: true, setName: 'rs0', ok: 1 };
const mongos = { isWritablePrimary: true, msg: 'isdbgrid', ok: 1 };

describe('standalone check', () => {
  it('a reply without setName from a mongod is a standalone server', () => {
    expect(isStandalone(standalone)).toBe(true);
    expect(isStandalone({ ...standalone, setName: '' })).toBe(true);
  });

  it('replica-set members and mongos routers are accepted', () => {
    expect(isStandalone(replicaPrimary)).toBe(false);
    expect(isStandalone(replicaSecondary)).toBe(false);
    expect(isStandalone(mongos)).toBe(false);
    expect(() => assertTransactional(replicaPrimary)).not.toThrow();
    expect(() => assertTransactional(mongos)).not.toThrow();
  });

  it('the refusal says transactions need a replica set and how to start one', () => {
    expect(() => assertTransactional(standalone)).toThrow(STANDALONE_MESSAGE);
    expect(STANDALONE_MESSAGE).toMatch(/standalone/);
    expect(STANDALONE_MESSAGE).toMatch(/transactions/);
    expect(STANDALONE_MESSAGE).toContain('mongod --replSet rs0');
    expect(STANDALONE_MESSAGE).toContain('rs.initiate()');
  });
});

describe('uri helpers', () => {
  it('redactUri hides the password and keeps the rest', () => {
    expect(redactUri('mongodb://app:pa55@h1:27017,h2:27017/qp?replicaSet=rs0')).toBe(
      'mongodb://app:***@h1:27017,h2:27017/qp?replicaSet=rs0',
    );
    expect(redactUri('mongodb+srv://app:x@cluster0.example.net/')).toBe(
      'mongodb+srv://app:***@cluster0.example.net/',
    );
    expect(redactUri('mongodb://localhost:27017')).toBe('mongodb://localhost:27017');
    expect(redactUri('http://u:pw@example.com/')).toBe('http://u:***@example.com/');
  });

  it('unreachable names the redacted URI and the cause, and keeps the cause', () => {
    const cause = new Error('connect ECONNREFUSED 127.0.0.1:1');
    const e = unreachable('mongodb://a:b@127.0.0.1:1/', cause);
    expect(e.message).toBe(
      'cannot connect to MongoDB at mongodb://a:***@127.0.0.1:1/: connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(e.cause).toBe(cause);
  });

  it('databaseName prefers the explicit name, then the URI path, then the fallback', () => {
    expect(databaseName('mongodb://h/fromuri', 'explicit', 'qp')).toBe('explicit');
    expect(databaseName('mongodb://h1,h2:27018/fromuri?replicaSet=rs0', undefined, 'qp')).toBe(
      'fromuri',
    );
    expect(databaseName('mongodb+srv://u:p@c.example.net/?retryWrites=true', undefined, 'qp')).toBe(
      'qp',
    );
    expect(databaseName('mongodb://h:27017', undefined, 'qp')).toBe('qp');
    expect(databaseName('mongodb://h/my%2Ddb', '', 'qp')).toBe('my-db');
  });
});

describe('server version and set size', () => {
  it('refuses servers older than 5.0 and accepts 5.0 and newer', () => {
    expect(versionRefusal('4.4.29')).toContain('MongoDB 4.4.29 is too old');
    expect(versionRefusal('4.2.0')).toContain('needs 5.0 or newer');
    expect(versionRefusal(undefined)).toContain('did not report its version');
    for (const v of ['5.0.0', '6.0.14', '7.0.12', '8.0.0']) expect(versionRefusal(v)).toBeNull();
  });

  it('warns on a one-member set only', () => {
    expect(singleNodeWarning(replicaPrimary)).toContain('single member');
    const three = { ...replicaPrimary, hosts: ['a:27017', 'b:27017', 'c:27017'] };
    expect(singleNodeWarning(three)).toBeNull();
    expect(singleNodeWarning({ ...replicaPrimary, arbiters: ['x:27017'] })).toBeNull();
    expect(singleNodeWarning(mongos)).toBeNull();
  });

  it('checkServer refuses standalone and old servers, and returns the warnings', async () => {
    const admin = (hello: object, version: string) => ({
      command: async (c: object) => ('hello' in c ? hello : { version, ok: 1 }),
    });
    await expect(checkServer(admin(standalone, '7.0.0'))).rejects.toThrow(STANDALONE_MESSAGE);
    await expect(checkServer(admin(replicaPrimary, '4.4.0'))).rejects.toThrow('too old');
    expect(await checkServer(admin(replicaPrimary, '7.0.0'))).toHaveLength(1);
    const three = { ...replicaPrimary, hosts: ['a:27017', 'b:27017', 'c:27017'] };
    expect(await checkServer(admin(three, '8.0.1'))).toEqual([]);
  });
});

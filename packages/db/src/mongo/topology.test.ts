import { describe, expect, it } from 'vitest';
import {
  assertTransactional,
  databaseName,
  isStandalone,
  redactUri,
  STANDALONE_MESSAGE,
  unreachable,
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

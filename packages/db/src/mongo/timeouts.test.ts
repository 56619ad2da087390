import { MongoClient, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { DomainError, isDomainError } from '../errors.ts';
import { asBusy, withBusyErrors } from './timeouts.ts';

const serverError = (fields: Record<string, unknown>) =>
  new MongoServerError({ ok: 0, errmsg: 'from the server', ...fields });

describe('asBusy: timeouts become STORE_BUSY (503), faults stay faults', () => {
  it('a commit past maxCommitTimeMS (MaxTimeMSExpired, top level or in the write concern)', () => {
    for (const e of [
      serverError({ code: 50, codeName: 'MaxTimeMSExpired' }),
      serverError({ ok: 1, writeConcernError: { code: 50, errmsg: 'operation exceeded time' } }),
      serverError({
        ok: 1,
        writeConcernError: { code: 64, errmsg: 'waiting for replication timed out' },
      }),
    ]) {
      const mapped = asBusy(e);
      expect(isDomainError(mapped, 'STORE_BUSY')).toBe(true);
      expect((mapped as Error).message).toMatch(/majority .* in time\); retry shortly$/);
      expect((mapped as Error).cause).toBe(e);
    }
  });

  it('no reachable primary within serverSelectionTimeoutMS', async () => {
    const client = new MongoClient('mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=200');
    try {
      const error = await client
        .db('x')
        .command({ ping: 1 })
        .then(
          () => expect.fail('pinged a closed port'),
          (e: unknown) => e,
        );
      const mapped = asBusy(error);
      expect(isDomainError(mapped, 'STORE_BUSY')).toBe(true);
      expect((mapped as Error).message).toContain('no MongoDB primary is reachable');
    } finally {
      await client.close();
    }
  });

  it('domain refusals and real faults pass unchanged', () => {
    const refusal = new DomainError('INSUFFICIENT_FUNDS', 'no');
    const duplicate = serverError({ code: 11000 });
    const bug = new TypeError('x is undefined');
    expect(asBusy(refusal)).toBe(refusal);
    expect(asBusy(duplicate)).toBe(duplicate);
    expect(asBusy(bug)).toBe(bug);
  });
});

describe('withBusyErrors', () => {
  class Thing {
    readonly label = 'thing';
    private readonly calls: string[] = [];
    async slow() {
      this.calls.push('slow');
      throw serverError({ code: 50 });
    }
    async refuse() {
      throw new DomainError('GOAL_CLOSED', 'closed');
    }
    sync() {
      throw serverError({ ok: 1, writeConcernError: { code: 64 } });
    }
    async fine(n: number) {
      this.calls.push('fine');
      return n + this.calls.length;
    }
  }

  it('maps every method failure, keeps results, this, properties and the class', async () => {
    const thing = withBusyErrors(new Thing());
    await expect(thing.slow()).rejects.toMatchObject({ code: 'STORE_BUSY' });
    expect(() => thing.sync()).toThrow(/busy/);
    await expect(thing.refuse()).rejects.toMatchObject({ code: 'GOAL_CLOSED' });
    expect(await thing.fine(1)).toBe(3);
    expect(thing.label).toBe('thing');
    expect(thing).toBeInstanceOf(Thing);
  });
});

import { describe, expect, it } from 'vitest';
import { isDomainError } from '../errors.ts';
import { KeyedLock, lockOrder } from './lock.ts';

/** Resolves on a later turn of the event loop, so other callbacks can interleave. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedLock', () => {
  it('runs holders of one key one at a time, in arrival order', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const job = (name: string) =>
      lock.run(['a'], async () => {
        log.push(`${name}:start`);
        await turn();
        await turn();
        log.push(`${name}:end`);
        return name;
      });
    expect(await Promise.all([job('1'), job('2'), job('3')])).toEqual(['1', '2', '3']);
    expect(log).toEqual(['1:start', '1:end', '2:start', '2:end', '3:start', '3:end']);
    expect(lock.size).toBe(0);
  });

  it('different keys do not wait for each other', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    const job = (key: string) =>
      lock.run([key], async () => {
        log.push(`${key}:start`);
        await turn();
        log.push(`${key}:end`);
      });
    await Promise.all([job('a'), job('b')]);
    expect(log.slice(0, 2)).toEqual(['a:start', 'b:start']);
  });

  it('overlapping key sets in opposite orders never deadlock', async () => {
    const lock = new KeyedLock();
    let inside = 0;
    let most = 0;
    const jobs = Array.from({ length: 60 }, (_, i) => {
      const keys =
        [
          ['x', 'y'],
          ['y', 'x'],
          ['y', 'z'],
          ['z', 'x'],
        ][i % 4] ?? [];
      return lock.run(keys, async () => {
        inside += 1;
        most = Math.max(most, inside);
        await turn();
        inside -= 1;
      });
    });
    await Promise.all(jobs);
    // Every pair shares a key with every other, so they ran one at a time.
    expect(most).toBe(1);
    expect(lock.size).toBe(0);
  });

  it('a failing holder releases its keys and its error reaches the caller', async () => {
    const lock = new KeyedLock();
    const failed = lock.run(['a', 'b'], async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    expect(await lock.run(['b', 'a'], async () => 'next')).toBe('next');
    expect(lock.size).toBe(0);
  });

  /** A holder of `keys` that stays inside until `open()` is called. */
  const holder = (lock: KeyedLock, keys: string[]) => {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    let entered: () => void = () => {};
    const inside = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const done = lock.run(keys, async () => {
      entered();
      await gate;
      return 'held';
    });
    return { open, inside, done };
  };

  it('a wait longer than maxWaitMs ends in STORE_BUSY, and the queue behind it still moves', async () => {
    const lock = new KeyedLock({ maxWaitMs: 20 });
    const first = holder(lock, ['a']);
    await first.inside;
    const gaveUp = lock.run(['a'], async () => 'never');
    const error = await gaveUp.then(
      () => expect.fail('the waiter ran while the key was held'),
      (e: unknown) => e,
    );
    expect(isDomainError(error, 'STORE_BUSY')).toBe(true);
    expect((error as Error).message).toMatch(/busy .*retry/);
    // Queued after the one that gave up: runs once the holder leaves.
    const later = lock.run(['a'], async () => 'later');
    first.open();
    expect(await first.done).toBe('held');
    expect(await later).toBe('later');
    expect(lock.size).toBe(0);
  });

  it('a caller that gives up on its second key releases its first', async () => {
    const lock = new KeyedLock({ maxWaitMs: 20 });
    const onB = holder(lock, ['b']);
    await onB.inside;
    await expect(lock.run(['a', 'b'], async () => 'never')).rejects.toMatchObject({
      code: 'STORE_BUSY',
    });
    // 'a' is free again although 'b' is still held.
    expect(await lock.run(['a'], async () => 'a free')).toBe('a free');
    onB.open();
    await onB.done;
    // The given-up place on 'b' is passed on a few microtasks after the holder leaves.
    await turn();
    expect(lock.size).toBe(0);
  });

  it('a key with maxWaiters holders and waiters refuses the next caller at once', async () => {
    const lock = new KeyedLock({ maxWaiters: 2, maxWaitMs: Number.POSITIVE_INFINITY });
    const first = holder(lock, ['a']);
    await first.inside;
    const second = lock.run(['a'], async () => 'second');
    await expect(lock.run(['a'], async () => 'third')).rejects.toMatchObject({
      code: 'STORE_BUSY',
    });
    // Other keys are not affected by a full queue.
    expect(await lock.run(['b'], async () => 'b')).toBe('b');
    first.open();
    expect(await second).toBe('second');
    expect(await lock.run(['a'], async () => 'after')).toBe('after');
    expect(lock.size).toBe(0);
  });

  it('takes system keys last, so a deposit waiting on a busy customer does not block others', async () => {
    expect(lockOrder(['sys:cash', 'u2', 'u1', 'u2', 'sys:a'])).toEqual([
      'u1',
      'u2',
      'sys:a',
      'sys:cash',
    ]);
    const lock = new KeyedLock();
    let releaseBusy = () => {};
    const busy = lock.run(
      ['u1'],
      () =>
        new Promise<void>((r) => {
          releaseBusy = r;
        }),
    );
    await turn();
    // A deposit to the busy customer queues on u1 without holding sys:cash ...
    const waiting = lock.run(['sys:cash', 'u1'], async () => 'waiting');
    await turn();
    // ... so a deposit to someone else goes through meanwhile.
    expect(await lock.run(['sys:cash', 'u2'], async () => 'other')).toBe('other');
    releaseBusy();
    await busy;
    expect(await waiting).toBe('waiting');
    expect(lock.size).toBe(0);
  });
});

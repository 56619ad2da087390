import { describe, expect, it } from 'vitest';
import { KeyedLock } from './lock.ts';

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
});

import { createServer, request, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { backgroundPace, createForeground, type Foreground } from './foreground.ts';

/** A gate and a server whose answers wait until the test ends them (held by path). */
async function heldServer(maxWaitMs = 10_000) {
  const foreground: Foreground = createForeground({ maxWaitMs });
  const held = new Map<string, ServerResponse>();
  const server: Server = createServer((req, res) => {
    held.set(req.url ?? '', res);
  });
  foreground.track(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const arrived = async (path: string) => {
    while (!held.has(path)) await sleep(1);
  };
  /** Sends a request; resolves once the server holds it. `abort` drops the connection. */
  const send = async (path: string) => {
    const req = request({ port, host: '127.0.0.1', path });
    req.on('error', () => undefined);
    req.end();
    await arrived(path);
    return { abort: () => req.destroy() };
  };
  const answer = (path: string) => held.get(path)?.end('ok');
  close = () => {
    for (const res of held.values()) res.end();
    server.close();
  };
  return { fg: foreground, send, answer };
}

/** Whether `p` settles within `ms`. */
const settlesWithin = (p: Promise<void>, ms: number) =>
  Promise.race([p.then(() => true), sleep(ms).then(() => false)]);

let close: (() => void) | null = null;
afterEach(() => {
  close?.();
  close = null;
});

describe('foreground gate', () => {
  it('opens at once when no request is in flight', async () => {
    const { fg } = await heldServer();
    expect(await settlesWithin(fg.idle(), 1000)).toBe(true);
  });

  it('waits while a request is answered, and opens when it is done', async () => {
    const { fg, send, answer } = await heldServer();
    await send('/trpc/payments.transfer');
    expect(fg.inFlight).toBe(1);
    const idle = fg.idle();
    expect(await settlesWithin(idle, 100)).toBe(false);
    answer('/trpc/payments.transfer');
    expect(await settlesWithin(idle, 1000)).toBe(true);
    expect(fg.inFlight).toBe(0);
  });

  it('counts a caller who went away as done', async () => {
    const { fg, send } = await heldServer();
    const caller = await send('/api/dashboard');
    const idle = fg.idle();
    caller.abort();
    expect(await settlesWithin(idle, 1000)).toBe(true);
    expect(fg.inFlight).toBe(0);
  });

  it('does not count event streams, which stay open', async () => {
    const { fg, send } = await heldServer();
    await send('/trpc/events.subscribe?input=%7B%7D');
    expect(fg.inFlight).toBe(0);
    expect(await settlesWithin(fg.idle(), 1000)).toBe(true);
  });

  it('opens after maxWaitMs under constant load, so background work goes on', async () => {
    const { fg, send, answer } = await heldServer(50);
    await send('/busy');
    const started = performance.now();
    await fg.idle();
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect(fg.inFlight).toBe(1);
    answer('/busy');
  });
});

describe('background pace', () => {
  it('rests as long as the previous step took at a half share, then waits for the gate', async () => {
    const { fg, send, answer } = await heldServer();
    const pace = backgroundPace(fg, 0.5);
    // The first step of a pass does not rest.
    expect(await settlesWithin(pace(0), 30)).toBe(true);
    let started = performance.now();
    await pace(60);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    // A quarter share rests three times as long as the step took.
    started = performance.now();
    await backgroundPace(fg, 0.25)(20);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    // After resting it still yields to a request being answered.
    await send('/trpc/payments.transfer');
    const next = pace(1);
    expect(await settlesWithin(next, 100)).toBe(false);
    answer('/trpc/payments.transfer');
    expect(await settlesWithin(next, 1000)).toBe(true);
  });
});

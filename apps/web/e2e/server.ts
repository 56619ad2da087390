import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from '@quickpay/server/app';
import { parseEnv } from '@quickpay/server/env';

export interface TestServer {
  url: string;
  /** Moves the API's clock (not the browser's) forward, e.g. past the recent-auth window. */
  advanceClock(ms: number): void;
  /** The newest text message to a phone (E.164) in the SMS outbox, as a developer would read it. */
  lastSms(to: string): Promise<string | undefined>;
  close(): Promise<void>;
}

/** The real server (embedded SQLite in a temp dir) serving the built web app, on a free port. */
export async function startServer(): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'quickpay-web-e2e-'));
  const config = parseEnv(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
      JWT_SECRET: 'e2e-secret-that-is-at-least-32-characters-long',
    },
    dataDir,
  );
  const app = await buildApp({
    config,
    webRoot: fileURLToPath(new URL('../dist', import.meta.url)),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('server has no port');
  // Every request builds its context from app.deps, so swapping the clock here reaches the API.
  const realNow = app.deps.now;
  let offset = 0;
  app.deps.now = () => realNow() + offset;
  return {
    url: `http://127.0.0.1:${address.port}`,
    advanceClock(ms) {
      offset += ms;
    },
    async lastSms(to) {
      const messages = await app.deps.store.listSms({ to });
      messages.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
      return messages[0]?.body;
    },
    async close() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

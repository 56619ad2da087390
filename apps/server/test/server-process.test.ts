import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/** `pnpm start` as a newcomer runs it: the real entry point in a child process. */

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A clean environment: nothing from the test runner (vitest sets NODE_ENV=test). */
function start(env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'quickpay-start-'));
  dirs.push(cwd);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: serverDir,
    env: { PATH: process.env.PATH ?? '', INIT_CWD: cwd, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return { child, cwd, exited, out: () => stdout, err: () => stderr };
}

/** Resolves with the URL the server printed, or rejects if it exits first. */
function listening(p: ReturnType<typeof start>): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const m = /Quickpay listening on (http:\/\/\S+)/.exec(p.out());
      if (m?.[1]) resolve(m[1]);
    };
    p.child.stdout?.on('data', check);
    void p.exited.then((code) => reject(new Error(`exited ${code}: ${p.err()}`)));
  });
}

/** A tRPC mutation over plain HTTP, as curl sends it. */
async function mutate(url: string, path: string, input: unknown, token?: string) {
  const res = await fetch(`${url}/trpc/${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { result?: { data: Record<string, unknown> } };
  if (!res.ok || !body.result) throw new Error(`${path}: ${res.status} ${JSON.stringify(body)}`);
  return body.result.data;
}

/** Resolves once `text` appears on stdout (the test's time limit bounds the wait). */
function printed(p: ReturnType<typeof start>, text: string): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (p.out().includes(text)) resolve();
    };
    p.child.stdout?.on('data', check);
    check();
  });
}

const stop = async (child: ChildProcess, exited: Promise<number | null>) => {
  child.kill('SIGTERM');
  return exited;
};

// Each test starts real processes (tsx compiles on start), slow on a busy machine.
describe('starting the server', { timeout: 60_000 }, () => {
  it('starts with no set-up: ./data under the start directory, a generated secret, the URL printed', async () => {
    const p = start({});
    const url = await listening(p);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(p.cwd, 'data', 'quickpay.sqlite'))).toBe(true);
    expect(existsSync(join(p.cwd, 'data', 'jwt-secret'))).toBe(true);
    expect(p.out()).toContain('JWT_SECRET not set: generated a signing key');
    expect(p.out()).toContain('(store: sqlite at ./data/quickpay.sqlite)');

    const ready = await fetch(`${url}/readyz`);
    expect(await ready.json()).toEqual({ ok: true, store: 'sqlite' });

    // SIGTERM: server closed, dispatcher drained, store closed, exit 0.
    expect(await stop(p.child, p.exited)).toBe(0);
    expect(p.out()).toContain('SIGTERM received');
    expect(p.out()).toContain('shutdown complete');
  });

  it('reuses the generated secret on the next start and says nothing about it', async () => {
    const first = start({});
    await listening(first);
    await stop(first.child, first.exited);
    const second = start({ DATA_DIR: join(first.cwd, 'data') });
    await listening(second);
    expect(second.out()).not.toContain('generated a signing key');
    expect(await stop(second.child, second.exited)).toBe(0);
  });

  it('stops on SIGINT too', async () => {
    const p = start({});
    await listening(p);
    p.child.kill('SIGINT');
    expect(await p.exited).toBe(0);
    expect(p.out()).toContain('SIGINT received');
  });

  it('refuses a bad variable with one line naming it and exit code 1', async () => {
    const p = start({ PORT: 'fivethousand' });
    expect(await p.exited).toBe(1);
    expect(p.err().trim()).toBe(
      'Invalid configuration: PORT must be an integer between 0 and 65535 (got "fivethousand")',
    );
    expect(p.out()).toBe('');
  });

  it('says in one line when the port is taken', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const address = taken.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const p = start({ PORT: String(port) });
      expect(await p.exited).toBe(1);
      expect(p.err().trim()).toBe(
        `Quickpay failed to start: port ${port} on 127.0.0.1 is already in use (another Quickpay?); set PORT to a free port`,
      );
    } finally {
      taken.close();
    }
  });

  it('refuses NODE_ENV=production without JWT_SECRET', async () => {
    const p = start({ NODE_ENV: 'production' });
    expect(await p.exited).toBe(1);
    expect(p.err().trim().split('\n')).toHaveLength(1);
    expect(p.err()).toContain('JWT_SECRET is required when NODE_ENV=production');
    expect(existsSync(join(p.cwd, 'data'))).toBe(false);
  });

  it('prints outbox SMS to the log and delivers transfer alerts in the background', async () => {
    const p = start({});
    const url = await listening(p);
    const password = 'correct horse 42';
    const asha = await mutate(url, 'auth.signUp', {
      fullName: 'Asha Rao',
      phone: '9876543210',
      password,
    });
    const ravi = await mutate(url, 'auth.signUp', {
      fullName: 'Ravi Kumar',
      phone: '9812345678',
      password,
    });

    // A reset code goes to the outbox and the log, where a developer reads it.
    await mutate(url, 'auth.requestPasswordReset', { phone: '9812345678' });
    await printed(p, '[sms outbox] to +919812345678');
    expect(p.out()).toMatch(/reset code is \d{6}/);

    // An alert is queued after the transfer commits; the dispatcher delivers it.
    await mutate(url, 'profile.update', { smsAlerts: true }, String(ravi.accessToken));
    const user = ravi.user as { accountNumber: number };
    const token = String(asha.accessToken);
    await mutate(
      url,
      'payments.deposit',
      { amount: 50_000, idempotencyKey: 'dep-00000001' },
      token,
    );
    await mutate(
      url,
      'payments.transfer',
      { toAccountNumber: user.accountNumber, amount: 12_000, idempotencyKey: 'trf-00000001' },
      token,
    );
    await printed(p, 'credited with ₹120.00 from account XX');
    expect(p.out()).not.toContain('gave up');
    expect(await stop(p.child, p.exited)).toBe(0);
  });
});

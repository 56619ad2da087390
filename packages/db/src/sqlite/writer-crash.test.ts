import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { alertMismatches, crashPhone } from './crash-load.ts';
import { openSqliteStore } from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, 'writer-crash-child.ts');
const USERS = 6;
const FUNDING = 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'qp-writer-crash-'));
const file = join(dir, 'ledger.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function runChild(): Promise<{ lines: string[]; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, file, String(USERS), String(FUNDING)],
      { cwd: join(here, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000); // a hang must not hang the suite
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ lines: stdout.split('\n').filter(Boolean), code, stderr });
    });
  });
}

describe('sqlite writer thread crash', () => {
  it('a writer thread dying mid-batch refuses every pending call, exits 1, and loses no answered transfer', async () => {
    const run = await runChild();
    expect(run.stderr).toContain('the SQLite writer thread exited (code 70)');
    expect(run.code).toBe(1);
    const ok = run.lines.filter((l) => l.startsWith('ok ')).map((l) => l.slice(3));
    const lost = run.lines.filter((l) => l.startsWith('lost '));
    expect(ok.length).toBeGreaterThanOrEqual(200);
    // Every caller still waiting was told "not done", none was left hanging.
    expect(lost.length).toBe(64);
    expect(lost[0]).toContain('the SQLite writer thread exited');

    const store = openSqliteStore({ file, writer: 'inline' });
    try {
      const report = await store.verifyLedger();
      expect(report.problems).toEqual([]);
      expect(report).toMatchObject({ ok: true, total: 0 });
      const missing: string[] = [];
      for (const id of ok) if (!(await store.getTransfer(id))) missing.push(id);
      expect(missing).toEqual([]);
      let held = 0;
      for (let i = 0; i < USERS; i++) {
        const user = await store.findUserByPhone(crashPhone(i));
        if (user) held += await store.getBalance(userAccount(user.id));
      }
      expect(held).toBe(USERS * FUNDING);
      expect(await store.getBalance(SYSTEM_ACCOUNT)).toBe(-USERS * FUNDING);
      // Each alert was written by its transfer's transaction: both survived, or neither.
      const alerts = alertMismatches(store.db);
      expect(alerts).toMatchObject({ missing: [], orphans: [], unwanted: [], duplicates: 0 });
      expect(alerts.alerts).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  }, 30_000);
});

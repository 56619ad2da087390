import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { alertMismatches } from './crash-load.ts';
import { openSqliteStore, type SqliteWriter } from './index.ts';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, 'crash-child.ts');
const USERS = 8;
const FUNDING = 1_000_000;
/** A child that reports nothing for this long has stopped: it is killed and the test fails. */
const STALL_MS = 15_000;
const dir = mkdtempSync(join(tmpdir(), 'qp-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  reported: string[];
  killed: boolean;
  stderr: string;
}

/** Runs the child until it has reported `killAfter` commits, then SIGKILLs it. */
function runChild(file: string, writer: SqliteWriter, killAfter: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', CHILD, file, String(USERS), String(FUNDING), writer],
      { cwd: join(here, '../..'), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const reported: string[] = [];
    let partial = '';
    let stderr = '';
    let killed = false;
    // The kill point is a number of commits, however long a busy machine takes to get
    // there; only a child that stops reporting is cut short (and then `killed` is false).
    const guard = setTimeout(() => child.kill('SIGKILL'), STALL_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      guard.refresh();
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? ''; // only whole lines were reported
      reported.push(...lines);
      if (!killed && reported.length >= killAfter) killed = child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(guard);
      resolve({ reported, killed, stderr });
    });
  });
}

describe.each(['inline', 'worker'] as const)('sqlite crash safety, %s writer', (writer) => {
  const everReported: string[] = [];
  const file = join(dir, `${writer}.sqlite`);

  // The same file across runs: each run recovers the previous crash, then crashes again.
  it.each([250, 900, 2500])(
    'keeps every reported transfer and a balanced ledger after SIGKILL at %i commits',
    async (killAfter) => {
      const run = await runChild(file, writer, killAfter);
      expect(run.stderr).toBe('');
      expect(run.killed).toBe(true);
      expect(run.reported.length).toBeGreaterThanOrEqual(killAfter);
      everReported.push(...run.reported);

      const store = openSqliteStore({ file, writer });
      try {
        const report = await store.verifyLedger();
        expect(report.problems).toEqual([]);
        expect(report).toMatchObject({ ok: true, total: 0 });
        expect(report.transfers).toBeGreaterThanOrEqual(everReported.length + USERS);
        const missing: string[] = [];
        for (const id of everReported) if (!(await store.getTransfer(id))) missing.push(id);
        expect(missing).toEqual([]);
        // Money only moved between the users: all of it is still theirs.
        let held = 0;
        for (let i = 0; i < USERS; i++) {
          const user = await store.findUserByPhone(`+9190000000${String(i).padStart(2, '0')}`);
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
    },
    // Only a hang guard: the stall guard above ends a stuck child long before this.
    60_000,
  );
});

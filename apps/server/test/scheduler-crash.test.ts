import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultApiConfig, runSchedulerPass } from '@quickpay/api';
import { minor, SYSTEM_ACCOUNT, scheduleIdOfKey, type User, userAccount } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { createOutboxSender } from '@quickpay/sms';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, 'scheduler-child.ts');
const dir = mkdtempSync(join(tmpdir(), 'qp-sched-crash-'));
const file = join(dir, 'ledger.sqlite');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const USERS = 12;
const SCHEDULES = 90;
// Weekly from 1 Jan 2025; the children's clock reads 5 Mar 2025: 10 runs each are due.
const RUNS_EACH = 10;
const BASE = Date.UTC(2025, 2, 5, 12);
const OFFSET = Date.now() - BASE;
const now = () => Date.now() - OFFSET;
/** Longest a child may go without printing (its start included) before it is killed. */
const STALL_MS = 30_000;

/** Starts a child and SIGKILLs it once it has printed `killAfter` lines. */
function runChild(killAfter: number): Promise<{ lines: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, file, String(OFFSET)], {
      cwd: join(here, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let stderr = '';
    // A child that stops printing must not hang the suite; a slow one (a busy machine, the
    // writer thread's start) still reaches its kill point. The test counts the batches.
    const guard = setTimeout(() => child.kill('SIGKILL'), STALL_MS);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      guard.refresh();
      lines += chunk.split('\n').length - 1;
      if (lines >= killAfter) child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(guard);
      resolve({ lines, stderr });
    });
  });
}

async function seed(): Promise<User[]> {
  const store = openSqliteStore({ file, now });
  const users: User[] = [];
  for (let i = 0; i < USERS; i++) {
    const u = await store.createUser({
      fullName: `U${i}`,
      phone: `+9191000000${String(i).padStart(2, '0')}`,
      passwordHash: 'h',
    });
    await store.postTransfer({
      kind: 'deposit',
      debit: SYSTEM_ACCOUNT,
      credit: userAccount(u.id),
      amount: minor(1_000_000_00),
      initiatorId: u.id,
      idempotencyKey: `funding-${i}`,
    });
    users.push(u);
  }
  for (let i = 0; i < SCHEDULES; i++) {
    const from = users[i % USERS] as User;
    const to = users[(i + 1 + (i % 5)) % USERS] as User;
    await store.createSchedule({
      ownerId: from.id,
      kind: 'transfer',
      toAccount: userAccount(to.id),
      toAccountNumber: to.accountNumber,
      goalId: null,
      amount: minor(100 + i),
      note: '',
      frequency: 'weekly',
      startDate: '2025-01-01',
      endDate: null,
      count: null,
      idempotencyKey: `schedule-${i}`,
    });
  }
  await store.close();
  return users;
}

describe('scheduler crash safety (SQLite)', () => {
  it('two scheduler processes SIGKILLed mid-pass many times pay every due run exactly once', async () => {
    const users = await seed();
    // Rounds of two concurrent instances, each killed after a few batches.
    let batches = 0;
    for (let round = 0; round < 5; round++) {
      const runs = await Promise.all([runChild(2 + (round % 4)), runChild(3 + ((round * 3) % 5))]);
      for (const r of runs) {
        expect(r.stderr).toBe('');
        batches += r.lines;
      }
    }
    expect(batches).toBeGreaterThanOrEqual(20); // the children did work before each kill
    const store = openSqliteStore({ file, now });
    try {
      // Let leases left by the killed children run out, then finish the work in-process.
      await new Promise((f) => setTimeout(f, 400));
      await runSchedulerPass(
        {
          store,
          sms: createOutboxSender(store, () => {}),
          config: defaultApiConfig({ jwtSecret: new TextEncoder().encode('c'.repeat(32)) }),
          now,
        },
        { catchUpDays: 366 },
      );
      expect(await store.verifyLedger()).toMatchObject({ ok: true, total: 0, problems: [] });
      const received = new Map<string, number>();
      let scheduledTransfers = 0;
      for (const u of users) {
        for (const s of await store.listSchedules(u.id)) {
          const runs = await store.listScheduleRuns(s.id, 100);
          expect(runs.map((r) => r.status)).toEqual(Array(RUNS_EACH).fill('paid'));
          expect(s).toMatchObject({ runsDone: RUNS_EACH, nextRunDate: '2025-03-12' });
          for (const r of runs) {
            const t = await store.getTransfer(r.transferId ?? '');
            expect(t?.idempotencyKey).toBe(`schedule/${s.id}/${r.date}`);
          }
          received.set(s.toAccount, (received.get(s.toAccount) ?? 0) + s.amount * RUNS_EACH);
        }
        const history = await store.listHistory(userAccount(u.id), {
          limit: 100,
          kinds: ['transfer'],
        });
        let cursor = history.nextCursor;
        const items = [...history.items];
        while (cursor) {
          const page = await store.listHistory(userAccount(u.id), {
            limit: 100,
            kinds: ['transfer'],
            cursor,
          });
          items.push(...page.items);
          cursor = page.nextCursor;
        }
        const outgoing = items.filter((e) => e.amount < 0);
        expect(outgoing.every((e) => scheduleIdOfKey(e.transfer.idempotencyKey) !== null)).toBe(
          true,
        );
        scheduledTransfers += outgoing.length;
      }
      // No run paid twice: one transfer per run, and every payee got exactly its runs.
      expect(scheduledTransfers).toBe(SCHEDULES * RUNS_EACH);
      for (const u of users) {
        const want = received.get(userAccount(u.id)) ?? 0;
        const paidOut = (await store.listSchedules(u.id)).reduce(
          (n, s) => n + s.amount * RUNS_EACH,
          0,
        );
        expect(await store.getBalance(userAccount(u.id))).toBe(1_000_000_00 + want - paidOut);
      }
    } finally {
      await store.close();
    }
  }, 300_000); // a hang guard only: ten children of ~5-15 s each on a busy machine
});

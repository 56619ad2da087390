import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CASH_SUBACCOUNTS } from '../cash.ts';
import { SYSTEM_ACCOUNT, userAccount } from '../ids.ts';
import { minor } from '../money.ts';
import { MIGRATIONS, openSqliteStoreInDir } from './index.ts';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
let home: string;

/** Runs the script as `pnpm ledger:verify` would: in packages/db, started from `home`. */
function verify(env: Record<string, string> = {}) {
  const { MONGODB_URI: _ignored, DATA_DIR: _too, ...rest } = process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/ledger-verify.ts'], {
    cwd: pkgDir,
    env: { ...rest, INIT_CWD: home, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

async function seed(): Promise<string> {
  const store = openSqliteStoreInDir(join(home, 'data'));
  const ana = await store.createUser({
    fullName: 'Ana',
    phone: '+919000000001',
    passwordHash: 'h',
  });
  await store.postTransfer({
    kind: 'deposit',
    debit: SYSTEM_ACCOUNT,
    credit: userAccount(ana.id),
    amount: minor(2500),
    initiatorId: ana.id,
    idempotencyKey: 'k1',
  });
  await store.close();
  return ana.id;
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'qp-verify-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('ledger:verify script', () => {
  it('reports a healthy ledger in ./data of the start directory and exits 0', async () => {
    await seed();
    const r = verify();
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toContain(join(home, 'data', 'quickpay.sqlite'));
    expect(r.out).toMatch(new RegExp(`accounts checked\\s+${1 + CASH_SUBACCOUNTS}\\n`));
    expect(r.out).toMatch(/transfers\s+1\n/);
    expect(r.out).toMatch(/sum of balances\s+0 /);
    expect(r.out).toContain('OK:');
  }, 30_000);

  it('lists each problem with its account and figures and exits 1', async () => {
    const anaId = await seed();
    // Tampers through the store's own connection, so the one that writes (inline).
    const store = openSqliteStoreInDir(join(home, 'data'), { writer: 'inline' });
    store.db
      .prepare('UPDATE ledger_accounts SET balance = 2400 WHERE id = ?')
      .run(userAccount(anaId));
    await store.close();
    const r = verify({ DATA_DIR: 'data' });
    expect(r.status).toBe(1);
    expect(r.out).toContain('FAILED: 2 problem(s)');
    expect(r.out).toContain(
      `[balance_mismatch] u:${anaId}: stored balance 2400, journal says 2500 (off by -100)`,
    );
    expect(r.out).toContain('[nonzero_total] balances sum to -100, not 0');
  }, 30_000);

  it('refuses a data directory without a ledger instead of creating one, and exits 2', () => {
    const r = verify({ DATA_DIR: 'nowhere' });
    expect(r.status).toBe(2);
    expect(r.err).toContain(`no SQLite ledger at ${join(home, 'nowhere', 'quickpay.sqlite')}`);
    expect(existsSync(join(home, 'nowhere'))).toBe(false);
  }, 30_000);

  it('opens the ledger read-only: the file is byte for byte the same afterwards', async () => {
    await seed();
    const file = join(home, 'data', 'quickpay.sqlite');
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    const r = verify();
    expect(r.status).toBe(0);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(mtime);
  }, 30_000);

  it('refuses a file that is not a ledger, without giving it a schema, and exits 2', () => {
    mkdirSync(join(home, 'data'));
    const file = join(home, 'data', 'quickpay.sqlite');
    writeFileSync(file, '');
    const r = verify();
    expect(r.status).toBe(2);
    expect(r.err).toContain(`${file} is not a Quickpay ledger (it has no schema)`);
    expect(statSync(file).size).toBe(0);
  }, 30_000);

  it('refuses a ledger at an older schema with the command to run, and does not migrate it', async () => {
    await seed();
    const file = join(home, 'data', 'quickpay.sqlite');
    const old = new Database(file);
    old.pragma(`user_version = ${MIGRATIONS.length - 1}`);
    old.close();
    const r = verify();
    expect(r.status).toBe(2);
    expect(r.err).toContain(`has schema v${MIGRATIONS.length - 1}, this code expects`);
    expect(r.err).toContain('pnpm db:setup');
    const after = new Database(file, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length - 1);
    after.close();
  }, 30_000);
});

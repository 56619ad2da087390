import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MIGRATIONS } from './index.ts';

const pkgDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
let home: string;

/** Runs the script as `pnpm db:setup` would: in packages/db, started from `home`. */
function setup(env: Record<string, string> = {}) {
  const { MONGODB_URI: _ignored, DATA_DIR: _too, ...rest } = process.env;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/db-setup.ts'], {
    cwd: pkgDir,
    env: { ...rest, INIT_CWD: home, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'qp-setup-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe('db:setup script (SQLite)', () => {
  it('creates and migrates the ledger in ./data, then a second run changes nothing', () => {
    const file = join(home, 'data', 'quickpay.sqlite');
    const first = setup();
    expect(first.err).toBe('');
    expect(first.status).toBe(0);
    expect(first.out).toContain(`SQLite ledger ${file}`);
    expect(first.out).toContain(`changed: schema v0 -> v${MIGRATIONS.length}`);
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
    const second = setup();
    expect(second.status).toBe(0);
    expect(second.out).toContain('nothing to change');
  }, 30_000);

  it('exits 2 with the reason when the MongoDB server cannot be reached', () => {
    const r = setup({ MONGODB_URI: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300' });
    expect(r.status).toBe(2);
    expect(r.err).toContain('db:setup: cannot connect to MongoDB at mongodb://127.0.0.1:1/');
  }, 30_000);
});

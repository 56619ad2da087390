import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from './contract/index.ts';
import { openSqliteStore, sqliteWriterMode } from './sqlite/index.ts';
import type { Store } from './store.ts';

// The same contract over a file store whose writes run in the writer thread
// (SQLITE_WRITER=worker) and whose reads run on this thread's query-only connection.
const dirs = new Map<Store, string>();
const fileIn = (dir: string) => join(dir, 'quickpay.sqlite');
const open = (file: string, opts: Parameters<typeof openSqliteStore>[0]) => {
  const options = { ...opts, file, writer: 'worker' as const };
  if (sqliteWriterMode(options) !== 'worker') throw new Error('not in worker mode');
  return openSqliteStore(options);
};
describeStoreContract('sqlite (temp file, writer thread)', {
  open: async (opts) => {
    const dir = mkdtempSync(join(tmpdir(), 'quickpay-worker-contract-'));
    const store = open(fileIn(dir), { file: '', ...opts });
    dirs.set(store, dir);
    return store;
  },
  reopen: async (old, opts) => {
    const dir = dirs.get(old);
    if (!dir) throw new Error('reopen of a store this factory did not open');
    await old.close();
    dirs.delete(old);
    const store = open(fileIn(dir), { file: '', ...opts });
    dirs.set(store, dir);
    return store;
  },
  cleanup: async (store) => {
    await store.close();
    const dir = dirs.get(store);
    dirs.delete(store);
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
});

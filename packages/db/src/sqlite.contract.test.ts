import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from './contract/index.ts';
import { openSqliteStore } from './sqlite/index.ts';
import type { Store } from './store.ts';

describeStoreContract('sqlite (in-memory)', {
  open: async (opts) => openSqliteStore({ file: ':memory:', ...opts }),
});

// The durable path: WAL file, synchronous=FULL fsyncs, real locking. One directory per
// store; a reopened store takes the directory over, so only the last one removes it.
// Inline writer (the default is the writer thread: sqlite-worker.contract.test.ts).
const dirs = new Map<Store, string>();
const fileIn = (dir: string) => join(dir, 'quickpay.sqlite');
describeStoreContract('sqlite (temp file, inline writer)', {
  open: async (opts) => {
    const dir = mkdtempSync(join(tmpdir(), 'quickpay-contract-'));
    const store = openSqliteStore({ file: fileIn(dir), ...opts, writer: 'inline' });
    dirs.set(store, dir);
    return store;
  },
  reopen: async (old, opts) => {
    const dir = dirs.get(old);
    if (!dir) throw new Error('reopen of a store this factory did not open');
    await old.close();
    dirs.delete(old);
    const store = openSqliteStore({ file: fileIn(dir), ...opts, writer: 'inline' });
    dirs.set(store, dir);
    return store;
  },
  cleanup: async (store) => {
    await store.close(); // idempotent; the database must be closed before its files go
    const dir = dirs.get(store);
    dirs.delete(store);
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
});

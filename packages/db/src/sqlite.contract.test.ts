import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from './contract/index.ts';
import type { Store } from './store.ts';
import { openSqliteStore } from './sqlite/index.ts';

describeStoreContract('sqlite (in-memory)', {
  open: async (opts) => openSqliteStore({ file: ':memory:', ...opts }),
});

// The durable path: WAL file, synchronous=FULL fsyncs, real locking. One directory per store.
const dirs = new Map<Store, string>();
describeStoreContract('sqlite (temp file)', {
  open: async (opts) => {
    const dir = mkdtempSync(join(tmpdir(), 'quickpay-contract-'));
    const store = openSqliteStore({ file: join(dir, 'quickpay.sqlite'), ...opts });
    dirs.set(store, dir);
    return store;
  },
  cleanup: async (store) => {
    await store.close(); // close is idempotent; the WAL must be closed before the files go
    const dir = dirs.get(store);
    dirs.delete(store);
    if (dir) rmSync(dir, { recursive: true, force: true });
  },
});

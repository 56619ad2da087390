import { describeStoreContract } from './contract/index.ts';
import { openSqliteStore } from './sqlite/index.ts';

describeStoreContract('sqlite (in-memory)', {
  open: async (opts) => openSqliteStore({ file: ':memory:', ...opts }),
});

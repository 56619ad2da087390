import type { LedgerArea } from '../areas.ts';
import type { SqliteContext } from './context.ts';
import { createFlowSums, listHistory } from './history.ts';
import { verifyLedger } from './verify.ts';

/**
 * Money: postings go through the group commit (one durable commit per tick); reads run
 * at once. `async` turns a thrown DomainError into a rejection.
 */
export function ledger({ db, posting, commits }: SqliteContext): LedgerArea {
  const flows = createFlowSums(db);
  return {
    getBalance: async (account) => posting.getBalance(account),
    getAccountTotals: async (account) => posting.getAccountTotals(account),
    postTransfer: (input) => commits.submit(input),
    getTransfer: async (id) => posting.getTransfer(id),
    listHistory: async (account, query) => listHistory(db, account, query),
    flowSums: async (account, ranges) => flows(account, ranges),
    verifyLedger: async () => verifyLedger(db),
  };
}

/**
 * The cash account, spread over sub-accounts. Every deposit and withdrawal writes the
 * system side; with one system document every cash movement in the cluster would write
 * the same document and serialize on it (MongoDB: write conflicts across processes).
 * Each movement instead uses one of CASH_SUBACCOUNTS sub-accounts, chosen by a hash of
 * the other side's account: deterministic (a customer's cash history stays on one
 * sub-account, tests can predict it), and spread evenly over many customers.
 *
 * Callers keep naming the cash account SYSTEM_ACCOUNT; the stores post to the chosen
 * sub-account and record it in the journal, and a balance read of SYSTEM_ACCOUNT sums
 * the sub-accounts. The ledger check needs nothing new: each sub-account is an account
 * with its own balance chain, and every balance still sums to zero.
 */
import { type LedgerAccountId, SYSTEM_ACCOUNT } from './ids.ts';
import type { PostTransferInput } from './types.ts';

/**
 * How many sub-accounts. 16 spreads cash movements so that, at ~1 ms per commit on the
 * hot document, the system side stops being the cluster's limit well before the users'
 * own documents or the journal's inserts are (docs/mongodb.md). Changing it only adds
 * sub-accounts (set-up creates any missing); it never moves money between them.
 */
export const CASH_SUBACCOUNTS = 16;

/** Sub-account `i`: 0 is the original 'sys:cash', so its old postings stay valid. */
export const cashSubAccount = (i: number): LedgerAccountId =>
  i === 0 ? SYSTEM_ACCOUNT : `sys:cash:${i}`;

/** Every sub-account, 0 first. */
export const cashSubAccounts = (): LedgerAccountId[] =>
  Array.from({ length: CASH_SUBACCOUNTS }, (_, i) => cashSubAccount(i));

/** True for the cash account and each of its sub-accounts. */
export const isCashAccount = (id: string): boolean =>
  id === SYSTEM_ACCOUNT || id.startsWith(`${SYSTEM_ACCOUNT}:`);

/** 32-bit FNV-1a: small, stable across processes and versions (unlike a random pick). */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The sub-account that carries the cash side of movements with `other` (a user's account). */
export const cashAccountFor = (other: string): LedgerAccountId =>
  cashSubAccount(fnv1a(other) % CASH_SUBACCOUNTS);

/**
 * The accounts a posting writes: SYSTEM_ACCOUNT on either side becomes the sub-account
 * of the other side. Cash to cash stays as asked (the request's checks refuse it).
 */
export function postingSides(input: Pick<PostTransferInput, 'debit' | 'credit'>): {
  debit: LedgerAccountId;
  credit: LedgerAccountId;
} {
  const { debit, credit } = input;
  if (debit === SYSTEM_ACCOUNT && !isCashAccount(credit)) {
    return { debit: cashAccountFor(credit), credit };
  }
  if (credit === SYSTEM_ACCOUNT && !isCashAccount(debit)) {
    return { debit, credit: cashAccountFor(debit) };
  }
  return { debit, credit };
}

/** The account a caller named for a recorded side: any cash sub-account is SYSTEM_ACCOUNT. */
export const requestedAccount = (id: LedgerAccountId): LedgerAccountId =>
  isCashAccount(id) ? SYSTEM_ACCOUNT : id;

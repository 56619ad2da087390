/** Someone the user can pay: a saved contact, someone paid recently, or both. */
export interface Payee {
  accountNumber: number;
  /** The contact's nickname, else the name from history. */
  name: string;
  isContact: boolean;
  /** ISO time of the newest payment to them, if any in the recent history. */
  lastPaid: string | null;
}

interface ContactLike {
  accountNumber: number;
  nickname: string;
}
interface PaymentLike {
  amount: number;
  createdAt: string;
  counterparty: { name: string; accountNumber: number | null } | null;
}

/**
 * Contacts and recent payees in one list: the ones paid most recently first (newest
 * payments first in `recent`), then the remaining contacts by name.
 */
export function mergePayees(
  contacts: readonly ContactLike[],
  recent: readonly PaymentLike[],
): Payee[] {
  const byNumber = new Map<number, Payee>();
  for (const t of recent) {
    const n = t.counterparty?.accountNumber;
    if (t.amount >= 0 || !n || byNumber.has(n)) continue;
    byNumber.set(n, {
      accountNumber: n,
      name: t.counterparty?.name ?? String(n),
      isContact: false,
      lastPaid: t.createdAt,
    });
  }
  const rest: Payee[] = [];
  for (const c of contacts) {
    const paid = byNumber.get(c.accountNumber);
    if (paid) Object.assign(paid, { name: c.nickname, isContact: true });
    else
      rest.push({
        accountNumber: c.accountNumber,
        name: c.nickname,
        isContact: true,
        lastPaid: null,
      });
  }
  rest.sort((a, b) => a.name.localeCompare(b.name));
  return [...byNumber.values(), ...rest];
}

/** Case-insensitive match on the name, or on the digits of the account number. */
export function filterPayees(payees: readonly Payee[], search: string): Payee[] {
  const q = search.trim().toLowerCase();
  if (!q) return [...payees];
  return payees.filter(
    (p) => p.name.toLowerCase().includes(q) || String(p.accountNumber).includes(q),
  );
}

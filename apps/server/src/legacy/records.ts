import { localDate, type RouterOutputs } from '@quickpay/api';
import { toMajor } from './money.ts';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** The legacy card prefix in front of an account number. */
export const fullAccountNumber = (accountNumber: number) => `3594 1899 3455 ${accountNumber}`;

const days = new Map<string, string>();
// Every zone's offset and every DST change is a multiple of 15 minutes, so a UTC quarter
// hour lies within one local day: it can stand for the instant.
const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * A date as `YYYY-MM-DD` in the deployment's time zone. Building an Intl.DateTimeFormat
 * costs ~100 µs (it was most of a 500-line page): calendar.ts keeps one per zone, and each
 * quarter hour's answer is remembered (bounded: a page's lines share few of them).
 */
export function legacyDate(at: Date | string, timeZone: string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  const key = `${timeZone}|${Math.floor(ms / QUARTER_HOUR_MS)}`;
  let day = days.get(key);
  if (day === undefined) {
    const { year, month, day: dd } = localDate(ms, timeZone);
    day = `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(dd)}`;
    if (days.size >= 4096) days.clear();
    days.set(key, day);
  }
  return day;
}

/** Strips a legacy id prefix (`sid_abc` -> `abc`); null unless the rest is letters and digits. */
export function stripPrefix(id: string, prefix: 'tid' | 'sid' | 'pid'): string | null {
  const rest = id.startsWith(`${prefix}_`) ? id.slice(prefix.length + 1) : null;
  return rest !== null && /^[A-Za-z0-9]{1,64}$/.test(rest) ? rest : null;
}

/** One transfer as the API lists it (transactions.list item). */
type TransferItem = RouterOutputs['transactions']['list']['items'][number];

/**
 * What the adapter reads of one history line: a transactions.list item's fields, with
 * the time also as a Date (the history pages read the store's entries directly).
 */
export type TxLike = Pick<TransferItem, 'id' | 'kind' | 'amount' | 'note'> & {
  createdAt: Date | string;
  counterparty?: Pick<TransferItem['counterparty'], 'name'> | null;
};

export interface LegacyTransaction {
  user_id: number;
  transaction_id: string;
  name: string;
  type: string;
  amount: number;
  date: string;
  description: string;
  status: 'Completed';
}

function nameAndType(tx: TxLike): [name: string, type: string, description?: string] {
  const other = tx.counterparty?.name ?? '';
  switch (tx.kind) {
    case 'deposit':
      return ['Deposit', 'Deposit'];
    case 'withdrawal':
      return ['Withdrawal', 'Withdrawal'];
    case 'transfer':
      return tx.amount < 0
        ? [`Transfer to ${other}`, 'Bank Transfer']
        : [`Transfer from ${other}`, 'Bank Transfer'];
    case 'goal_deposit':
      return [`Deposit to ${other}`, 'Saving Deposit'];
    case 'goal_withdrawal':
      // Not in the legacy app (it could not take money out of a goal): named alike.
      return [`Withdrawal from ${other}`, 'Saving Withdrawal'];
    case 'goal_refund':
      return [`Refund from '${other}'`, 'Refund', 'Saving goal deleted.'];
    default:
      return [tx.kind, tx.kind];
  }
}

export function toLegacyTransaction(
  tx: TxLike,
  accountNumber: number,
  timeZone: string,
): LegacyTransaction {
  const [name, type, description] = nameAndType(tx);
  return {
    user_id: accountNumber,
    transaction_id: `tid_${tx.id}`,
    name,
    type,
    amount: toMajor(tx.amount),
    date: legacyDate(tx.createdAt, timeZone),
    description: description ?? tx.note,
    status: 'Completed',
  };
}

/** A goal as savings.list answers it. */
export type GoalLike = RouterOutputs['savings']['list'][number];

export function toLegacyGoal(goal: GoalLike, accountNumber: number, timeZone: string) {
  return {
    user_id: accountNumber,
    saving_id: `sid_${goal.id}`,
    name: goal.name,
    target_amount: toMajor(goal.targetAmount),
    saved_amount: toMajor(goal.savedAmount),
    color_code: goal.color,
    description: goal.description,
    created_at: legacyDate(goal.createdAt, timeZone),
  };
}

/** A payee as contacts.list answers it. */
export type ContactLike = Pick<
  RouterOutputs['contacts']['list'][number],
  'id' | 'accountNumber' | 'nickname' | 'relation'
>;

/**
 * `phone` stays an empty string: the legacy server copied the payee's real phone
 * number into every contact, which let anyone learn a stranger's number from an
 * account number.
 */
export function toLegacyContact(contact: ContactLike, accountNumber: number) {
  return {
    user_id: accountNumber,
    people_id: `pid_${contact.id}`,
    name: contact.nickname,
    phone: '',
    account_id: contact.accountNumber,
    relation: contact.relation,
    full_account_number: fullAccountNumber(contact.accountNumber),
  };
}

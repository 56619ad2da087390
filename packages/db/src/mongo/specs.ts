import type { IndexDescription } from 'mongodb';
import { EVENT_TYPES, TRANSFER_KINDS } from '../types.ts';
import { NAMES } from './collections.ts';

/**
 * BSON types, spelled out. Money and counts are plain JS numbers: the driver stores
 * an integer in 32-bit range as int and a larger one as double (exact to 2^53, far
 * above any balance), and $inc promotes an int that overflows to long, which reads
 * back as a number. So a money field may hold int, long or double, but never a
 * fraction: `multipleOf: 1` makes the database refuse one.
 */
const str = { bsonType: 'string' };
const num = { bsonType: ['int', 'long', 'double'], multipleOf: 1 };
const int = { bsonType: ['int', 'long'] };
const date = { bsonType: 'date' };
const nullable = (t: { bsonType: string | string[] }) => ({
  ...t,
  bsonType: [...(Array.isArray(t.bsonType) ? t.bsonType : [t.bsonType]), 'null'],
});

/** A $jsonSchema requiring every listed property; `optional` ones are checked when present. */
const schema = (properties: Record<string, object>, optional: Record<string, object> = {}) => ({
  bsonType: 'object',
  required: Object.keys(properties),
  properties: { ...properties, ...optional },
});

const side = schema({
  account: str,
  balanceAfter: num,
  label: str,
  accountNumber: nullable(int),
  ownerId: nullable(str),
});

export interface Spec {
  name: string;
  validator: object;
  /** Cross-field rules $jsonSchema cannot say, as a validator $expr (absent: none). */
  expr?: object;
  indexes: IndexDescription[];
  /** Indexes an earlier version created and this one no longer wants: dropped at start. */
  retiredIndexes?: string[];
}

/** Validators are defence in depth: the code checks first, the database refuses bad writes. */
export const SPECS: readonly Spec[] = [
  {
    name: NAMES.users,
    validator: schema(
      {
        _id: str,
        accountNumber: int,
        fullName: str,
        phone: str,
        passwordHash: str,
        age: nullable(num),
        gender: { enum: ['male', 'female', 'other', null] },
        smsAlerts: { bsonType: 'bool' },
        createdAt: date,
        passwordChangedAt: date,
      },
      // Absent on users written before credential versions: read as 0.
      { credentialVersion: int },
    ),
    indexes: [
      { key: { phone: 1 }, name: 'phone_unique', unique: true },
      { key: { accountNumber: 1 }, name: 'accountNumber_unique', unique: true },
    ],
  },
  {
    name: NAMES.ledgerAccounts,
    validator: {
      ...schema(
        {
          _id: str,
          type: { enum: ['user', 'goal', 'system'] },
          ownerId: nullable(str),
          label: str,
          accountNumber: nullable(int),
          balance: num,
          status: { enum: ['active', 'closed'] },
        },
        // Set by the account's first transfer (transfers.ts); totals: totals.ts.
        { lastTransferId: str, totalIn: { ...num, minimum: 0 }, totalOut: { ...num, minimum: 0 } },
      ),
      // No customer account below zero; only the system account may go negative.
      anyOf: [
        { properties: { type: { enum: ['system'] } } },
        { properties: { balance: { minimum: 0 } } },
      ],
    },
    indexes: [{ key: { ownerId: 1 }, name: 'ownerId' }],
  },
  {
    name: NAMES.transfers,
    validator: schema({
      _id: str,
      kind: { enum: [...TRANSFER_KINDS] },
      amount: { ...num, minimum: 1 },
      debit: side,
      credit: side,
      accounts: { bsonType: 'array', minItems: 2, maxItems: 2, items: str },
      note: str,
      initiatorId: str,
      idempotencyKey: str,
      createdAt: date,
    }),
    // Two different accounts, and `accounts` (the history index) is exactly the two sides.
    expr: {
      $and: [
        { $ne: ['$debit.account', '$credit.account'] },
        { $eq: ['$accounts', ['$debit.account', '$credit.account']] },
      ],
    },
    indexes: [
      {
        key: { initiatorId: 1, idempotencyKey: 1 },
        name: 'idempotency_unique',
        unique: true,
        // Lookups repeat this condition (transfers.ts) so the planner may use the index.
        partialFilterExpression: { idempotencyKey: { $type: 'string' } },
      },
      // History of one account, newest first; _id order is creation order.
      { key: { accounts: 1, _id: -1 }, name: 'accounts_history' },
      // flowSums, one per side (history.ts): equality, range, then the summed field, so
      // the aggregation is covered. `accounts` cannot serve: a multikey index does not
      // cover, and it would not say which side the account is on.
      { key: { 'credit.account': 1, createdAt: 1, amount: 1 }, name: 'credit_flow' },
      { key: { 'debit.account': 1, createdAt: 1, amount: 1 }, name: 'debit_flow' },
    ],
    retiredIndexes: ['accounts_createdAt'],
  },
  {
    name: NAMES.goals,
    validator: schema({
      _id: str,
      ownerId: str,
      name: str,
      targetAmount: num,
      color: str,
      description: str,
      targetDate: nullable(date),
      status: { enum: ['active', 'closed'] },
      createdAt: date,
      closedAt: nullable(date),
      closeKey: nullable(str),
      closeRefunded: nullable(num),
      closeTransferId: nullable(str),
      closeBalance: nullable(num),
    }),
    indexes: [{ key: { ownerId: 1, _id: -1 }, name: 'owner_newest' }],
  },
  {
    name: NAMES.contacts,
    validator: schema({
      _id: str,
      ownerId: str,
      accountNumber: int,
      payeeId: str,
      nickname: str,
      relation: str,
      createdAt: date,
    }),
    indexes: [
      { key: { ownerId: 1, accountNumber: 1 }, name: 'owner_account_unique', unique: true },
      { key: { ownerId: 1, _id: -1 }, name: 'owner_newest' },
    ],
  },
  {
    name: NAMES.sessions,
    validator: schema(
      {
        _id: str,
        userId: str,
        refreshHash: str,
        createdAt: date,
        lastUsedAt: date,
        expiresAt: date,
        authTime: date,
        revokedAt: nullable(date),
        userAgent: str,
        ip: str,
      },
      // Absent on sessions written before them: version 0, absolute expiry = expiresAt.
      { credentialVersion: int, absoluteExpiresAt: date },
    ),
    indexes: [
      { key: { userId: 1, _id: -1 }, name: 'user_newest' },
      { key: { expiresAt: 1 }, name: 'expires' },
      { key: { revokedAt: 1 }, name: 'revoked' },
      { key: { refreshHash: 1 }, name: 'refreshHash_unique', unique: true },
    ],
  },
  {
    name: NAMES.refreshTokens,
    validator: schema({ _id: str, sessionId: str, rotatedAt: nullable(date) }),
    indexes: [{ key: { sessionId: 1 }, name: 'sessionId' }],
  },
  {
    name: NAMES.codes,
    validator: schema({
      purpose: { enum: ['password_reset', 'temp_password'] },
      subject: str,
      codeHash: str,
      expiresAt: date,
      attemptsLeft: int,
    }),
    // No TTL: one document per (purpose, subject) at most, and a TTL could turn an
    // 'expired' answer into 'missing'.
    indexes: [{ key: { purpose: 1, subject: 1 }, name: 'purpose_subject_unique', unique: true }],
  },
  {
    name: NAMES.rateLimits,
    validator: schema({ key: str, windowMs: num, window: num, count: num, expiresAt: date }),
    // The TTL index removes dead windows (within about a minute of expiresAt).
    indexes: [
      { key: { key: 1, windowMs: 1, window: 1 }, name: 'key_window_unique', unique: true },
      { key: { expiresAt: 1 }, name: 'expiresAt_ttl', expireAfterSeconds: 0 },
    ],
  },
  {
    name: NAMES.smsOutbox,
    validator: schema({
      _id: str,
      to: str,
      body: str,
      purpose: str,
      status: { enum: ['pending', 'sending', 'sent', 'failed', 'logged'] },
      attempts: int,
      nextAttemptAt: date,
      lastError: nullable(str),
      providerId: nullable(str),
      createdAt: date,
      sentAt: nullable(date),
    }),
    indexes: [
      // claimDueSms: per status, the index order is the claim order (oldest due first, by
      // id on ties), so the two statuses merge without sorting or fetching every due one.
      { key: { status: 1, nextAttemptAt: 1, _id: 1 }, name: 'due_in_order' },
      { key: { to: 1, _id: -1 }, name: 'to_newest' },
    ],
    retiredIndexes: ['due'],
  },
  {
    name: NAMES.counters,
    validator: schema({ _id: str, value: int }),
    indexes: [],
  }, // Scheduled payments (schedules.ts). Dates are local 'YYYY-MM-DD' strings.
  {
    name: NAMES.schedules,
    validator: schema({
      _id: str,
      ownerId: str,
      kind: { enum: ['transfer', 'goal_deposit'] },
      toAccount: str,
      toAccountNumber: nullable(int),
      goalId: nullable(str),
      amount: { ...num, minimum: 1 },
      note: str,
      frequency: { enum: ['once', 'weekly', 'monthly'] },
      startDate: str,
      endDate: nullable(str),
      count: nullable(int),
      status: { enum: ['active', 'paused', 'cancelled', 'completed'] },
      nextRunDate: nullable(str),
      runsDone: int,
      attempts: int,
      nextAttemptAt: date,
      leaseUntil: date,
      lastError: nullable(str),
      endReason: nullable(str),
      idempotencyKey: str,
      fingerprint: str,
      createdAt: date,
      updatedAt: date,
    }),
    indexes: [
      { key: { ownerId: 1, idempotencyKey: 1 }, name: 'owner_key_unique', unique: true },
      { key: { ownerId: 1, _id: -1 }, name: 'owner_newest' },
      // claimDueSchedules: per live status, earliest date first.
      { key: { status: 1, nextRunDate: 1, _id: 1 }, name: 'due_in_order' },
    ],
  },
  {
    name: NAMES.scheduleRuns,
    validator: schema({
      _id: str,
      scheduleId: str,
      date: str,
      status: { enum: ['paid', 'failed', 'skipped'] },
      transferId: nullable(str),
      reason: nullable(str),
      attempts: int,
      settledAt: date,
    }),
    indexes: [{ key: { scheduleId: 1, date: -1 }, name: 'schedule_latest' }],
  },
  {
    name: NAMES.roundUps,
    validator: schema({ _id: str, goalId: str, updatedAt: date }),
    indexes: [],
  },
  // Live events (events.ts): read by (user, seq), pruned by time.
  {
    name: NAMES.events,
    validator: schema({
      _id: str,
      userId: str,
      seq: int,
      type: { enum: [...EVENT_TYPES] },
      at: date,
      payload: { bsonType: 'object' },
    }),
    indexes: [
      { key: { userId: 1, seq: 1 }, name: 'user_seq_unique', unique: true },
      { key: { at: 1 }, name: 'at' },
    ],
  },
  {
    name: NAMES.eventCounters,
    validator: schema({ _id: str, seq: int }),
    indexes: [],
  },
  // Money requests (requests.ts).
  {
    name: NAMES.requests,
    validator: schema({
      _id: str,
      requesterId: str,
      payerId: str,
      amount: { ...num, minimum: 1 },
      note: str,
      status: { enum: ['pending', 'paid', 'declined', 'cancelled'] },
      createdAt: date,
      expiresAt: date,
      settledAt: nullable(date),
      transferId: nullable(str),
      createKey: str,
      ttlMs: num,
      payKey: nullable(str),
    }),
    indexes: [
      { key: { requesterId: 1, createKey: 1 }, name: 'requester_key_unique', unique: true },
      { key: { payerId: 1, _id: -1 }, name: 'payer_newest' },
      { key: { requesterId: 1, _id: -1 }, name: 'requester_newest' },
    ],
  },
  {
    name: NAMES.requestSettings,
    validator: schema({ _id: str, enabled: { bsonType: 'bool' } }),
    indexes: [],
  },
];

import { TRANSFER_KINDS } from '../types.ts';
import { date, int, nullable, num, type Spec, schema, side, str } from './bson-schema.ts';
import { NAMES } from './collections.ts';
import { FEATURE_SPECS } from './feature-specs.ts';

export type { Spec } from './bson-schema.ts';

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
    // Read by _id only (the posting, balances, the check's paging): no other index.
    indexes: [],
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
      // No refreshHash index: a hash is looked up in refreshTokens (its _id, which also
      // keeps every hash ever issued unique); sessions are read by _id and user.
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
  },
  {
    name: NAMES.counters,
    validator: schema({ _id: str, value: int }),
    indexes: [],
  },
  ...FEATURE_SPECS,
];

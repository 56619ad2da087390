import { EVENT_TYPES } from '../types.ts';
import { date, int, nullable, num, type Spec, schema, str } from './bson-schema.ts';
import { NAMES } from './collections.ts';

/** The second wave's collections: scheduled payments (dates are local 'YYYY-MM-DD'), events, requests. */
export const FEATURE_SPECS: readonly Spec[] = [
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

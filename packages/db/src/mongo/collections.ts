import type { Db } from 'mongodb';
import type {
  AccountDoc,
  CodeDoc,
  ContactDoc,
  CounterDoc,
  GoalDoc,
  RateLimitDoc,
  RefreshTokenDoc,
  SessionDoc,
  SmsDoc,
  TransferDoc,
  UserDoc,
} from './docs.ts';
import type {
  EventCounterDoc,
  EventDoc,
  RequestDoc,
  RequestSettingDoc,
  RoundUpDoc,
  ScheduleDoc,
  ScheduleRunDoc,
} from './feature-docs.ts';

export const ACCOUNT_NUMBER_COUNTER = 'accountNumber';

/** Collection names, one place. */
export const NAMES = {
  users: 'users',
  ledgerAccounts: 'ledgerAccounts',
  transfers: 'transfers',
  goals: 'goals',
  contacts: 'contacts',
  sessions: 'sessions',
  refreshTokens: 'refreshTokens',
  codes: 'codes',
  rateLimits: 'rateLimits',
  smsOutbox: 'smsOutbox',
  counters: 'counters',
  schedules: 'schedules',
  scheduleRuns: 'scheduleRuns',
  roundUps: 'roundUps',
  events: 'events',
  eventCounters: 'eventCounters',
  requests: 'requests',
  requestSettings: 'requestSettings',
} as const;

export function collections(db: Db) {
  return {
    users: db.collection<UserDoc>(NAMES.users),
    ledgerAccounts: db.collection<AccountDoc>(NAMES.ledgerAccounts),
    transfers: db.collection<TransferDoc>(NAMES.transfers),
    goals: db.collection<GoalDoc>(NAMES.goals),
    contacts: db.collection<ContactDoc>(NAMES.contacts),
    sessions: db.collection<SessionDoc>(NAMES.sessions),
    refreshTokens: db.collection<RefreshTokenDoc>(NAMES.refreshTokens),
    codes: db.collection<CodeDoc>(NAMES.codes),
    rateLimits: db.collection<RateLimitDoc>(NAMES.rateLimits),
    smsOutbox: db.collection<SmsDoc>(NAMES.smsOutbox),
    counters: db.collection<CounterDoc>(NAMES.counters),
    schedules: db.collection<ScheduleDoc>(NAMES.schedules),
    scheduleRuns: db.collection<ScheduleRunDoc>(NAMES.scheduleRuns),
    roundUps: db.collection<RoundUpDoc>(NAMES.roundUps),
    events: db.collection<EventDoc>(NAMES.events),
    eventCounters: db.collection<EventCounterDoc>(NAMES.eventCounters),
    requests: db.collection<RequestDoc>(NAMES.requests),
    requestSettings: db.collection<RequestSettingDoc>(NAMES.requestSettings),
  };
}
export type Collections = ReturnType<typeof collections>;

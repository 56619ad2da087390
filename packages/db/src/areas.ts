import type { Store } from './store.ts';

/**
 * The Store's methods by area. Each store has one module per area (the same file names
 * in sqlite/ and mongo/) exporting a factory `(ctx) => <Area>`, and an `areas.ts` that
 * re-exports those factories, one line per area; its store.ts calls assembleAreas.
 * A new area: its methods in Store, its type here and a line in `Areas`, then in each
 * store a module and an export line in its areas.ts (tsc names whatever is missing).
 */
export type UsersArea = Pick<
  Store,
  'createUser' | 'findUserById' | 'findUserByPhone' | 'findUserByAccountNumber' | 'updateUser'
>;
export type LedgerArea = Pick<
  Store,
  | 'getBalance'
  | 'getAccountTotals'
  | 'postTransfer'
  | 'getTransfer'
  | 'listHistory'
  | 'flowSums'
  | 'verifyLedger'
>;
export type GoalsArea = Pick<
  Store,
  'createGoal' | 'getGoal' | 'listGoals' | 'updateGoal' | 'closeGoal'
>;
export type ContactsArea = Pick<
  Store,
  'addContact' | 'getContact' | 'listContacts' | 'updateContact' | 'removeContact'
>;
export type SessionsArea = Pick<
  Store,
  | 'createSession'
  | 'getSession'
  | 'listSessions'
  | 'rotateRefreshToken'
  | 'setSessionAuthTime'
  | 'revokeSession'
  | 'revokeUserSessions'
  | 'setPassword'
  | 'pruneSessions'
>;
export type CodesArea = Pick<Store, 'putCode' | 'verifyCode' | 'deleteCode'>;
export type RateLimitsArea = Pick<Store, 'hitRateLimit' | 'peekRateLimit'>;
export type SmsArea = Pick<
  Store,
  'enqueueSms' | 'claimDueSms' | 'markSmsSent' | 'markSmsFailed' | 'listSms'
>;
export type EventsArea = Pick<
  Store,
  'appendEvent' | 'listEvents' | 'lastEventSeq' | 'pruneEvents' | 'watchEvents'
>;
export type RequestsArea = Pick<
  Store,
  | 'createRequest'
  | 'getRequest'
  | 'listRequests'
  | 'payRequest'
  | 'closeRequest'
  | 'requestsEnabled'
  | 'setRequestsEnabled'
>;

/** Every area, by the name of its factory. */
export interface Areas {
  users: UsersArea;
  ledger: LedgerArea;
  goals: GoalsArea;
  contacts: ContactsArea;
  sessions: SessionsArea;
  codes: CodesArea;
  rateLimits: RateLimitsArea;
  sms: SmsArea;
  schedules: SchedulesArea;
  events: EventsArea;
  requests: RequestsArea;
}

/** What every area provides together: the Store but for its own kind, ping and close. */
export type AreaMethods = Omit<Store, 'kind' | 'ping' | 'close'>;

/** One store's area factories, each taking that store's context. */
export type AreaFactories<C> = { [K in keyof Areas]: (ctx: C) => Areas[K] };

/**
 * Builds every area of a store on one context and merges their methods. `factories` is
 * a store's areas.ts module, which exports its area factories and nothing else. Two
 * areas defining one method name is a mistake a spread would hide: it throws.
 */
export function assembleAreas<C>(ctx: C, factories: AreaFactories<C>): AreaMethods {
  const merged: Record<string, unknown> = {};
  for (const build of Object.values<(ctx: C) => object>(factories)) {
    for (const [name, method] of Object.entries(build(ctx))) {
      if (name in merged) throw new Error(`two store areas define ${name}`);
      merged[name] = method;
    }
  }
  return merged as AreaMethods;
}
export type SchedulesArea = Pick<
  Store,
  | 'createSchedule'
  | 'getSchedule'
  | 'listSchedules'
  | 'listScheduleRuns'
  | 'setScheduleStatus'
  | 'skipNextScheduleRun'
  | 'claimDueSchedules'
  | 'settleScheduleRuns'
  | 'deferScheduleRun'
  | 'getRoundUpGoal'
  | 'setRoundUp'
>;

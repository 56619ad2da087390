import type { Store } from './store.ts';

/**
 * The Store's methods by area. Each store has one module per area (same file names in
 * sqlite/ and mongo/) exporting a factory `(ctx) => <Area>`; its store.ts spreads them.
 * A new area: add its methods to Store, its type here, and a factory in each store.
 */
export type StoreBasics = Pick<Store, 'kind' | 'ping' | 'close'>;
export type UsersArea = Pick<
  Store,
  'createUser' | 'findUserById' | 'findUserByPhone' | 'findUserByAccountNumber' | 'updateUser'
>;
export type LedgerArea = Pick<
  Store,
  'getBalance' | 'postTransfer' | 'getTransfer' | 'listHistory' | 'flowSums' | 'verifyLedger'
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

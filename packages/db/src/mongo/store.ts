import type { Db, MongoClient } from 'mongodb';
import type { EventWatcher } from '../events.ts';
import type { GoalId, LedgerAccountId, SessionId, TransferId, UserId } from '../ids.ts';
import type { Store } from '../store.ts';
import type * as T from '../types.ts';
import * as codes from './codes.ts';
import * as contacts from './contacts.ts';
import type { MongoContext } from './context.ts';
import * as events from './events.ts';
import * as goals from './goals.ts';
import * as history from './history.ts';
import * as limits from './rate-limits.ts';
import * as requests from './requests.ts';
import * as sessions from './sessions.ts';
import * as sms from './sms.ts';
import * as ledger from './transfers.ts';
import * as users from './users.ts';
import { verifyLedger } from './verify.ts';

/** The MongoDB store: one thin method per area module, all sharing one context. */
export class MongoStore implements Store {
  readonly kind = 'mongo' as const;
  readonly client: MongoClient;
  readonly db: Db;
  private readonly ctx: MongoContext;
  private readonly feed: events.MongoEventFeed;

  constructor(ctx: MongoContext, db: Db) {
    this.ctx = ctx;
    this.feed = new events.MongoEventFeed(ctx.col);
    this.client = ctx.client;
    this.db = db;
  }

  async ping() {
    await this.db.command({ ping: 1 });
  }
  async close() {
    this.feed.close();
    await this.client.close();
  }

  createUser(input: T.NewUser) {
    return users.createUser(this.ctx, input);
  }
  findUserById(id: UserId) {
    return users.findUserById(this.ctx, id);
  }
  findUserByPhone(phone: string) {
    return users.findUserByPhone(this.ctx, phone);
  }
  findUserByAccountNumber(n: number) {
    return users.findUserByAccountNumber(this.ctx, n);
  }
  updateUser(id: UserId, patch: T.UserPatch) {
    return users.updateUser(this.ctx, id, patch);
  }

  getBalance(account: LedgerAccountId) {
    return ledger.getBalance(this.ctx, account);
  }
  postTransfer(input: T.PostTransferInput) {
    return ledger.postTransfer(this.ctx, input);
  }
  getTransfer(id: TransferId) {
    return ledger.getTransfer(this.ctx, id);
  }
  listHistory(account: LedgerAccountId, query: T.HistoryQuery) {
    return history.listHistory(this.ctx, account, query);
  }
  flowSums(account: LedgerAccountId, ranges: T.DateRange[]) {
    return history.flowSums(this.ctx, account, ranges);
  }
  verifyLedger() {
    return verifyLedger(this.ctx);
  }

  createGoal(input: T.NewGoal) {
    return goals.createGoal(this.ctx, input);
  }
  getGoal(id: GoalId) {
    return goals.getGoal(this.ctx, id);
  }
  listGoals(ownerId: UserId, options?: { includeClosed?: boolean }) {
    return goals.listGoals(this.ctx, ownerId, options?.includeClosed);
  }
  updateGoal(id: GoalId, ownerId: UserId, patch: T.GoalPatch) {
    return goals.updateGoal(this.ctx, id, ownerId, patch);
  }
  closeGoal(input: T.CloseGoalInput) {
    return goals.closeGoal(this.ctx, input);
  }

  addContact(input: T.NewContact) {
    return contacts.addContact(this.ctx, input);
  }
  getContact(id: string, ownerId: UserId) {
    return contacts.getContact(this.ctx, id, ownerId);
  }
  listContacts(ownerId: UserId) {
    return contacts.listContacts(this.ctx, ownerId);
  }
  updateContact(id: string, ownerId: UserId, patch: T.ContactPatch) {
    return contacts.updateContact(this.ctx, id, ownerId, patch);
  }
  removeContact(id: string, ownerId: UserId) {
    return contacts.removeContact(this.ctx, id, ownerId);
  }

  createSession(input: T.NewSession) {
    return sessions.createSession(this.ctx, input);
  }
  getSession(id: SessionId) {
    return sessions.getSession(this.ctx, id);
  }
  listSessions(userId: UserId) {
    return sessions.listSessions(this.ctx, userId);
  }
  rotateRefreshToken(oldHash: string, newHash: string, expiresAt: Date) {
    return sessions.rotateRefreshToken(this.ctx, oldHash, newHash, expiresAt);
  }
  setSessionAuthTime(id: SessionId, authTime: Date) {
    return sessions.setSessionAuthTime(this.ctx, id, authTime);
  }
  revokeSession(id: SessionId, userId: UserId) {
    return sessions.revokeSession(this.ctx, id, userId);
  }
  revokeUserSessions(userId: UserId, exceptId?: SessionId) {
    return sessions.revokeUserSessions(this.ctx, userId, exceptId);
  }
  setPassword(userId: UserId, passwordHash: string, keepSessionId?: SessionId) {
    return sessions.setPassword(this.ctx, userId, passwordHash, keepSessionId);
  }
  pruneSessions(before: Date) {
    return sessions.pruneSessions(this.ctx, before);
  }

  putCode(p: T.CodePurpose, subject: string, hash: string, expiresAt: Date, attempts: number) {
    return codes.putCode(this.ctx, p, subject, hash, expiresAt, attempts);
  }
  verifyCode(p: T.CodePurpose, subject: string, hash: string) {
    return codes.verifyCode(this.ctx, p, subject, hash);
  }
  deleteCode(p: T.CodePurpose, subject: string) {
    return codes.deleteCode(this.ctx, p, subject);
  }

  hitRateLimit(key: string, windowMs: number, cost?: number) {
    return limits.hitRateLimit(this.ctx, key, windowMs, cost);
  }
  peekRateLimit(key: string, windowMs: number) {
    return limits.peekRateLimit(this.ctx, key, windowMs);
  }

  enqueueSms(input: T.NewSms) {
    return sms.enqueueSms(this.ctx, input);
  }
  claimDueSms(limit: number, leaseMs: number) {
    return sms.claimDueSms(this.ctx, limit, leaseMs);
  }
  markSmsSent(id: string, providerId: string | null) {
    return sms.markSmsSent(this.ctx, id, providerId);
  }
  markSmsFailed(id: string, error: string, retryAt: Date | null) {
    return sms.markSmsFailed(this.ctx, id, error, retryAt);
  }
  listSms(options?: { to?: string; limit?: number }) {
    return sms.listSms(this.ctx, options);
  }

  appendEvent(input: T.NewEvent) {
    return events.appendEvent(this.ctx, input);
  }
  listEvents(userId: UserId, afterSeq: number, limit?: number) {
    return events.listEvents(this.ctx, userId, afterSeq, limit);
  }
  lastEventSeq(userId: UserId) {
    return events.lastEventSeq(this.ctx, userId);
  }
  pruneEvents(before: Date) {
    return events.pruneEvents(this.ctx, before);
  }
  watchEvents(watcher: EventWatcher) {
    return this.feed.watch(watcher);
  }

  createRequest(input: T.NewMoneyRequest) {
    return requests.createRequest(this.ctx, input);
  }
  getRequest(id: string) {
    return requests.getRequest(this.ctx, id);
  }
  listRequests(
    userId: UserId,
    direction: 'incoming' | 'outgoing',
    options?: { status?: T.RequestStatus; limit?: number },
  ) {
    return requests.listRequests(this.ctx, userId, direction, options);
  }
  payRequest(input: T.PayRequestInput) {
    return requests.payRequest(this.ctx, input);
  }
  closeRequest(id: string, actorId: UserId, outcome: 'declined' | 'cancelled') {
    return requests.closeRequest(this.ctx, id, actorId, outcome);
  }
  requestsEnabled(userId: UserId) {
    return requests.requestsEnabled(this.ctx, userId);
  }
  setRequestsEnabled(userId: UserId, enabled: boolean) {
    return requests.setRequestsEnabled(this.ctx, userId, enabled);
  }
}

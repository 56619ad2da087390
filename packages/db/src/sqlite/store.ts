import type Database from 'better-sqlite3';
import type { EventWatcher } from '../events.ts';
import type { GoalId, LedgerAccountId, SessionId, TransferId, UserId } from '../ids.ts';
import type { Store } from '../store.ts';
import type * as T from '../types.ts';
import { createCodes, createRateLimits } from './codes.ts';
import { createContacts } from './contacts.ts';
import { createEvents } from './events.ts';
import { createGoals } from './goals.ts';
import { GroupCommit, type GroupCommitStats } from './group-commit.ts';
import { createFlowSums, listHistory } from './history.ts';
import { createLedger, type SqliteContext } from './ledger.ts';
import { createRequests } from './requests.ts';
import { createSessions } from './sessions.ts';
import { createSmsOutbox } from './sms.ts';
import { createUsers } from './users.ts';
import { verifyLedger } from './verify.ts';

/**
 * The embedded store. better-sqlite3 is synchronous, so each write transaction runs
 * to completion before anything else can start: the async methods are thin wrappers
 * (async turns a thrown DomainError into a rejection). Only postTransfer is deferred,
 * to group concurrent transfers into one durable commit.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly db: Database.Database;
  private readonly ledger;
  private readonly transfers: GroupCommit<T.PostTransferInput, T.PostedTransfer>;
  private readonly users;
  private readonly goals;
  private readonly contacts;
  private readonly sessions;
  private readonly codes;
  private readonly limits;
  private readonly sms;
  private readonly flows;
  private readonly events;
  private readonly requests;

  constructor(ctx: SqliteContext, options: { eventPollMs?: number } = {}) {
    this.db = ctx.db;
    this.ledger = createLedger(ctx);
    this.transfers = new GroupCommit(ctx.db, this.ledger.post);
    this.users = createUsers(ctx);
    this.goals = createGoals(ctx, this.ledger);
    this.contacts = createContacts(ctx);
    this.sessions = createSessions(ctx);
    this.codes = createCodes(ctx);
    this.limits = createRateLimits(ctx);
    this.sms = createSmsOutbox(ctx);
    this.flows = createFlowSums(ctx.db);
    this.events = createEvents(ctx, options.eventPollMs);
    this.requests = createRequests(ctx, this.ledger);
  }

  /** How concurrent postTransfer calls were grouped into commits (tests, bench). */
  get groupCommitStats(): Readonly<GroupCommitStats> {
    return this.transfers.stats;
  }

  async ping() {
    this.db.prepare('SELECT 1').get();
  }
  async close() {
    if (!this.db.open) return;
    this.transfers.close(); // settle what was accepted, refuse what comes after
    this.events.close();
    this.db.close();
  }

  async createUser(input: T.NewUser) {
    return this.users.create(input);
  }
  async findUserById(id: UserId) {
    return this.users.byId(id);
  }
  async findUserByPhone(phone: string) {
    return this.users.byPhone(phone);
  }
  async findUserByAccountNumber(n: number) {
    return this.users.byAccountNumber(n);
  }
  async updateUser(id: UserId, patch: T.UserPatch) {
    return this.users.update(id, patch);
  }

  async getBalance(account: LedgerAccountId) {
    return this.ledger.getBalance(account);
  }
  postTransfer(input: T.PostTransferInput) {
    return this.transfers.submit(input);
  }
  async getTransfer(id: TransferId) {
    return this.ledger.getTransfer(id);
  }
  async listHistory(account: LedgerAccountId, query: T.HistoryQuery) {
    return listHistory(this.db, account, query);
  }
  async flowSums(account: LedgerAccountId, ranges: T.DateRange[]) {
    return this.flows(account, ranges);
  }
  async verifyLedger() {
    return verifyLedger(this.db);
  }

  async createGoal(input: T.NewGoal) {
    return this.goals.create(input);
  }
  async getGoal(id: GoalId) {
    return this.goals.get(id);
  }
  async listGoals(ownerId: UserId, options?: { includeClosed?: boolean }) {
    return this.goals.list(ownerId, options?.includeClosed);
  }
  async updateGoal(id: GoalId, ownerId: UserId, patch: T.GoalPatch) {
    return this.goals.update(id, ownerId, patch);
  }
  async closeGoal(input: T.CloseGoalInput) {
    return this.goals.close(input);
  }

  async addContact(input: T.NewContact) {
    return this.contacts.add(input);
  }
  async getContact(id: string, ownerId: UserId) {
    return this.contacts.get(id, ownerId);
  }
  async listContacts(ownerId: UserId) {
    return this.contacts.list(ownerId);
  }
  async updateContact(id: string, ownerId: UserId, patch: T.ContactPatch) {
    return this.contacts.update(id, ownerId, patch);
  }
  async removeContact(id: string, ownerId: UserId) {
    this.contacts.remove(id, ownerId);
  }

  async createSession(input: T.NewSession) {
    return this.sessions.create(input);
  }
  async getSession(id: SessionId) {
    return this.sessions.get(id);
  }
  async listSessions(userId: UserId) {
    return this.sessions.listLive(userId);
  }
  async rotateRefreshToken(oldHash: string, newHash: string, expiresAt: Date) {
    return this.sessions.rotate(oldHash, newHash, expiresAt);
  }
  async setSessionAuthTime(id: SessionId, authTime: Date) {
    this.sessions.setAuthTime(id, authTime);
  }
  async revokeSession(id: SessionId, userId: UserId) {
    return this.sessions.revoke(id, userId);
  }
  async revokeUserSessions(userId: UserId, exceptId?: SessionId) {
    return this.sessions.revokeAllOf(userId, exceptId);
  }
  async setPassword(userId: UserId, passwordHash: string, keepSessionId?: SessionId) {
    return this.sessions.setPassword(userId, passwordHash, keepSessionId);
  }
  async pruneSessions(before: Date) {
    return this.sessions.prune(before);
  }

  async putCode(
    p: T.CodePurpose,
    subject: string,
    hash: string,
    expiresAt: Date,
    attempts: number,
  ) {
    this.codes.put(p, subject, hash, expiresAt, attempts);
  }
  async verifyCode(p: T.CodePurpose, subject: string, hash: string) {
    return this.codes.verify(p, subject, hash);
  }
  async deleteCode(p: T.CodePurpose, subject: string) {
    this.codes.delete(p, subject);
  }

  async hitRateLimit(key: string, windowMs: number, cost?: number) {
    return this.limits.hit(key, windowMs, cost);
  }
  async peekRateLimit(key: string, windowMs: number) {
    return this.limits.peek(key, windowMs);
  }

  async enqueueSms(input: T.NewSms) {
    return this.sms.enqueue(input);
  }
  async claimDueSms(limit: number, leaseMs: number) {
    return this.sms.claim(limit, leaseMs);
  }
  async markSmsSent(id: string, providerId: string | null) {
    this.sms.markSent(id, providerId);
  }
  async markSmsFailed(id: string, error: string, retryAt: Date | null) {
    this.sms.markFailed(id, error, retryAt);
  }
  async listSms(options?: { to?: string; limit?: number }) {
    return this.sms.list(options);
  }

  async appendEvent(input: T.NewEvent) {
    return this.events.append(input);
  }
  async listEvents(userId: UserId, afterSeq: number, limit?: number) {
    return this.events.list(userId, afterSeq, limit);
  }
  async lastEventSeq(userId: UserId) {
    return this.events.lastSeq(userId);
  }
  async pruneEvents(before: Date) {
    return this.events.prune(before);
  }
  watchEvents(watcher: EventWatcher) {
    return this.events.watch(watcher);
  }

  async createRequest(input: T.NewMoneyRequest) {
    return this.requests.create(input);
  }
  async getRequest(id: string) {
    return this.requests.get(id);
  }
  async listRequests(
    userId: UserId,
    direction: 'incoming' | 'outgoing',
    options?: { status?: T.RequestStatus; limit?: number },
  ) {
    return this.requests.list(userId, direction, options);
  }
  async payRequest(input: T.PayRequestInput) {
    return this.requests.pay(input);
  }
  async closeRequest(id: string, actorId: UserId, outcome: 'declined' | 'cancelled') {
    return this.requests.close(id, actorId, outcome);
  }
  async requestsEnabled(userId: UserId) {
    return this.requests.enabled(userId);
  }
  async setRequestsEnabled(userId: UserId, enabled: boolean) {
    this.requests.setEnabled(userId, enabled);
  }
}

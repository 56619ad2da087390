import type { Db, MongoClient } from 'mongodb';
import type { GoalId, LedgerAccountId, SessionId, TransferId, UserId } from '../ids.ts';
import type { NewSchedule, SettleRun } from '../schedules.ts';
import type { Store } from '../store.ts';
import type * as T from '../types.ts';
import * as codes from './codes.ts';
import * as contacts from './contacts.ts';
import type { MongoContext } from './context.ts';
import * as goals from './goals.ts';
import * as history from './history.ts';
import * as limits from './rate-limits.ts';
import * as schedules from './schedules.ts';
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

  constructor(ctx: MongoContext, db: Db) {
    this.ctx = ctx;
    this.client = ctx.client;
    this.db = db;
  }

  async ping() {
    await this.db.command({ ping: 1 });
  }
  async close() {
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

  createSchedule(input: NewSchedule) {
    return schedules.createSchedule(this.ctx, input);
  }
  getSchedule(id: string) {
    return schedules.getSchedule(this.ctx, id);
  }
  listSchedules(ownerId: UserId) {
    return schedules.listSchedules(this.ctx, ownerId);
  }
  listScheduleRuns(scheduleId: string, limit?: number) {
    return schedules.listScheduleRuns(this.ctx, scheduleId, limit);
  }
  setScheduleStatus(
    id: string,
    ownerId: UserId,
    status: 'active' | 'paused' | 'cancelled',
    reason?: string,
  ) {
    return schedules.setScheduleStatus(this.ctx, id, ownerId, status, reason);
  }
  skipNextScheduleRun(id: string, ownerId: UserId) {
    return schedules.skipNextScheduleRun(this.ctx, id, ownerId);
  }
  claimDueSchedules(today: string, limit: number, leaseMs: number) {
    return schedules.claimDueSchedules(this.ctx, today, limit, leaseMs);
  }
  settleScheduleRuns(runs: SettleRun[]) {
    return schedules.settleScheduleRuns(this.ctx, runs);
  }
  deferScheduleRun(id: string, date: string, retryAt: Date, reason: string) {
    return schedules.deferScheduleRun(this.ctx, id, date, retryAt, reason);
  }
  getRoundUpGoal(ownerId: UserId) {
    return schedules.getRoundUpGoal(this.ctx, ownerId);
  }
  setRoundUp(ownerId: UserId, goalId: GoalId, enabled: boolean) {
    return schedules.setRoundUp(this.ctx, ownerId, goalId, enabled);
  }
}

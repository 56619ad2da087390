import type { User } from '@quickpay/db';
import type { RateLimitRule } from '../config.ts';
import type { InnerContext } from '../context.ts';
import { RetryLater } from '../errors.ts';
import { burnVerify, verifyPassword } from './passwords.ts';
import { rateIp } from './session.ts';

/**
 * The one door to every password check (log-in, confirmPassword, changePassword, the
 * legacy payment password and temporary password). Two kinds of limit guard it:
 *
 * - Budgets bound the work: every check costs one unit per IP and per account before
 *   argon2 runs, whatever its outcome, and is never given back, so neither a stream of
 *   successful log-ins nor a `?batch=1` of N calls (N units) can make unbounded work.
 * - Failure limits bound guessing: per (typed identifier, IP), with growing pauses,
 *   and per IP across accounts. A stranger's failures never touch the counters the
 *   owner uses from a known address (one with a recent successful log-in), and every
 *   counter is keyed by what was typed, so an answer never depends on whether phone P
 *   belongs to account N (no oracle), nor on whether the account exists.
 */

/** 429 with the wait until `until` (ms since the epoch) as Retry-After. */
const refuseUntil = (ctx: InnerContext, until: number): never => {
  throw new RetryLater(Math.max(1, Math.ceil((until - ctx.now()) / 1000)));
};
/** 429 until the rule's current fixed window ends (the store's windows start at 0). */
const refuse = (ctx: InnerContext, rule: RateLimitRule): never =>
  refuseUntil(ctx, (Math.floor(ctx.now() / rule.windowMs) + 1) * rule.windowMs);

/** Failures per (identifier, IP) answered at once; each later one must wait longer. */
const FREE_FAILS = 5;
const FIRST_PAUSE_MS = 15_000;
/** Bounds the in-process pause table; the store's counters hold the hard limits. */
const MAX_PAUSES = 10_000;
/** A successful log-in marks its address as known to the account for this long (two windows,
 *  so a mark made just before one fixed window ends lives on in the other). */
const KNOWN_WINDOWS_MS = [30 * 86_400_000, 7 * 86_400_000 + 3_600_000];

/** Identifier as typed (`no:1000`, `phone:+91…`) and the account it names, if any. */
export interface LogInSubject {
  identifier: string;
  user: User | null;
}

/** Counts one unit against a rule; false once over the limit (the unit stays counted). */
async function take(ctx: InnerContext, key: string, rule: RateLimitRule): Promise<boolean> {
  return (await ctx.store.hitRateLimit(key, rule.windowMs)) <= rule.limit;
}

/** Failure slots taken before a check and given back when it succeeds (or never ran). */
class Held {
  private readonly slots: [string, RateLimitRule][] = [];
  lastCount = 0;
  constructor(private readonly ctx: InnerContext) {}
  async take(key: string, rule: RateLimitRule): Promise<void> {
    this.lastCount = await this.ctx.store.hitRateLimit(key, rule.windowMs);
    this.slots.push([key, rule]);
    if (this.lastCount > rule.limit) {
      await this.release();
      refuse(this.ctx, rule);
    }
  }
  async release(): Promise<void> {
    for (const [key, rule] of this.slots.splice(0)) {
      await this.ctx.store.hitRateLimit(key, rule.windowMs, -1);
    }
  }
}

// In-process, one table per store: with N server instances a guesser waits up to N times
// less; the hard per-window limits are in the store and shared.
const pauseTables = new WeakMap<object, Map<string, number>>();

function pausesOf(ctx: InnerContext): Map<string, number> {
  const table = pauseTables.get(ctx.store) ?? new Map<string, number>();
  pauseTables.set(ctx.store, table);
  return table;
}

function pausedUntil(pauses: Map<string, number>, key: string, now: number): number {
  const until = pauses.get(key) ?? 0;
  if (until !== 0 && until <= now) pauses.delete(key);
  return until;
}

function pauseAfter(pauses: Map<string, number>, key: string, fails: number, now: number) {
  if (fails < FREE_FAILS) return;
  pauses.delete(key);
  if (pauses.size >= MAX_PAUSES) {
    const oldest = pauses.keys().next().value;
    if (oldest !== undefined) pauses.delete(oldest);
  }
  pauses.set(key, now + FIRST_PAUSE_MS * 2 ** Math.min(fails - FREE_FAILS, 10));
}

const knownKey = (userId: string, ip: string) => `pw:known:${userId}:${ip}`;

async function isKnownAddress(ctx: InnerContext, user: User | null, ip: string) {
  if (!user) return false;
  for (const windowMs of KNOWN_WINDOWS_MS) {
    if ((await ctx.store.peekRateLimit(knownKey(user.id, ip), windowMs)) > 0) return true;
  }
  return false;
}

async function markKnownAddress(ctx: InnerContext, user: User, ip: string) {
  for (const windowMs of KNOWN_WINDOWS_MS) {
    await ctx.store.hitRateLimit(knownKey(user.id, ip), windowMs);
  }
}

/** Charges the per-IP and per-account budgets for one check (no refunds). */
async function chargeBudgets(ctx: InnerContext, ip: string, accountKey: string) {
  const r = ctx.config.rateLimits;
  if (!(await take(ctx, `pw:ip:${ip}`, r.passwordChecksPerIp))) refuse(ctx, r.passwordChecksPerIp);
  if (!(await take(ctx, accountKey, r.passwordChecksPerAccount))) {
    refuse(ctx, r.passwordChecksPerAccount);
  }
}

/**
 * Runs one log-in credential check under the limits; `verify` gets the account (null
 * when none matches what was typed, and must then cost what a real check costs).
 * True only when the account exists and `verify` accepted.
 */
export async function checkLogInCredential(
  ctx: InnerContext,
  subject: LogInSubject,
  verify: (user: User | null) => Promise<boolean>,
): Promise<boolean> {
  const ip = rateIp(ctx);
  const r = ctx.config.rateLimits;
  const failKey = `pw:fail:${subject.identifier}:${ip}`;
  const pauses = pausesOf(ctx);
  const pausedTill = pausedUntil(pauses, failKey, ctx.now());
  if (pausedTill > ctx.now()) refuseUntil(ctx, pausedTill);
  // The owner at a known address draws on a budget strangers cannot reach; everyone
  // else shares the per-identifier one, which is also the ceiling on guesses from all IPs.
  const known = await isKnownAddress(ctx, subject.user, ip);
  const accountKey =
    known && subject.user ? `pw:acct:known:${subject.user.id}` : `pw:acct:${subject.identifier}`;
  const held = new Held(ctx);
  await held.take(failKey, r.loginFailPerAccountIp);
  const fails = held.lastCount;
  await held.take(`pw:fail:ip:${ip}`, r.loginFailPerIp);
  try {
    await chargeBudgets(ctx, ip, accountKey);
  } catch (e) {
    await held.release();
    throw e;
  }
  const ok = await verify(subject.user);
  if (!ok || !subject.user) {
    pauseAfter(pauses, failKey, fails, ctx.now());
    return false;
  }
  await held.release();
  pauses.delete(failKey);
  await markKnownAddress(ctx, subject.user, ip);
  return true;
}

/** A password log-in check: argon2 against the account's hash, or equal work when none. */
export const checkLogInPassword = (ctx: InnerContext, subject: LogInSubject, password: string) =>
  checkLogInCredential(ctx, subject, (user) =>
    user ? verifyPassword(user.passwordHash, password) : burnVerify(password),
  );

/**
 * The signed-in user's password (confirmPassword, changePassword, legacy payments):
 * per-user failure limit (a stolen access token cannot guess), per-IP and per-user budgets.
 */
export async function checkSignedInPassword(
  ctx: InnerContext,
  user: User,
  password: string,
): Promise<boolean> {
  const held = new Held(ctx);
  await held.take(`confirm:user:${user.id}`, ctx.config.rateLimits.confirmPasswordPerUser);
  try {
    await chargeBudgets(ctx, rateIp(ctx), `pw:acct:user:${user.id}`);
  } catch (e) {
    await held.release();
    throw e;
  }
  if (!(await verifyPassword(user.passwordHash, password))) return false;
  await held.release();
  return true;
}

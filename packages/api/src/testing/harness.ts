import type { Store, User } from '@quickpay/db';
import { openSqliteStore } from '@quickpay/db/sqlite';
import { createOutboxSender, type SmsSender } from '@quickpay/sms';
import { type ApiConfig, defaultApiConfig } from '../config.ts';
import type { AuthedUser, Channel, InnerContext, IssuedTokens } from '../context.ts';
import { createInnerContext } from '../context.ts';
import { createCaller } from '../root.ts';

/** A clock tests move by hand. */
export class Clock {
  constructor(public t = Date.UTC(2025, 5, 15, 12)) {}
  readonly now = (): number => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}

/**
 * A fake transport that keeps tokens as a browser keeps the server's cookies (`qp_at`,
 * `qp_rt`) and presents a bearer first, as the server's bridge does. Cookie attributes
 * are the server's business (apps/server/test/security-headers.test.ts).
 */
export class FakeHttp implements Channel {
  ip = '203.0.113.7';
  userAgent = 'vitest';
  bearer: string | null = null;
  cookies: Record<string, string | undefined> = {};
  get accessToken(): string | null {
    return this.bearer ?? this.cookies.qp_at ?? null;
  }
  get refreshToken(): string | null {
    return this.cookies.qp_rt ?? null;
  }
  keep(tokens: IssuedTokens): void {
    this.cookies.qp_at = tokens.accessToken;
    if (tokens.refresh) this.cookies.qp_rt = tokens.refresh.token;
  }
  forget(): void {
    delete this.cookies.qp_at;
    delete this.cookies.qp_rt;
  }
}

export interface TestApi {
  store: Store;
  clock: Clock;
  config: ApiConfig;
  sms: SmsSender;
  /** A caller with its own fake HTTP transport (cookies persist across its calls). */
  caller(http?: FakeHttp): ReturnType<typeof createCaller>;
  /** A caller acting as `auth` directly (no token), as the legacy adapter does. */
  callerAs(auth: AuthedUser): ReturnType<typeof createCaller>;
  /** Signs a user up through the API; returns the user, its http and an authed caller. */
  signUp(fullName?: string, phone?: string, password?: string): Promise<SignedUp>;
  close(): Promise<void>;
}

export interface SignedUp {
  user: User;
  http: FakeHttp;
  api: ReturnType<typeof createCaller>;
  password: string;
  phone: string;
}

let phoneSeq = 0;
/** A valid, unique Indian mobile number per call. */
export const nextPhone = (): string => `98${String(10_000_000 + ++phoneSeq).slice(-8)}`;

export interface TestApiOptions {
  /** Replaces the outbox sender (e.g. one whose send throws SmsError, as Twilio may). */
  sms?: (store: Store) => SmsSender;
}

/** An API over a fresh in-memory SQLite store and the outbox SMS sender. */
export function createTestApi(
  overrides: Partial<ApiConfig> = {},
  options: TestApiOptions = {},
): TestApi {
  const clock = new Clock();
  const store = openSqliteStore({ file: ':memory:', now: clock.now });
  const config = defaultApiConfig({
    jwtSecret: new TextEncoder().encode('t'.repeat(32)),
    ...overrides,
  });
  const sms = options.sms?.(store) ?? createOutboxSender(store, () => {});
  const deps = { store, sms, config, now: clock.now };
  const ctx = (http: Channel | null, auth: AuthedUser | null): InnerContext =>
    createInnerContext(deps, http, auth);
  const api: TestApi = {
    store,
    clock,
    config,
    sms,
    caller: (http = new FakeHttp()) => createCaller(ctx(http, null)),
    callerAs: (auth) => createCaller(ctx(null, auth)),
    async signUp(fullName = 'Asha Rao', phone = nextPhone(), password = 'correct horse 42') {
      const http = new FakeHttp();
      const res = await createCaller(ctx(http, null)).auth.signUp({ fullName, phone, password });
      http.bearer = res.accessToken;
      const user = await store.findUserById(res.user.id);
      if (!user) throw new Error('signed-up user missing');
      return { user, http, api: createCaller(ctx(http, null)), password, phone };
    },
    close: () => store.close(),
  };
  return api;
}

import type Database from 'better-sqlite3';

/**
 * Schema steps, applied in order. `PRAGMA user_version` holds how many have run.
 * Never edit a step that has shipped: append a new one.
 * Times are integer milliseconds since the epoch; money is integer minor units.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE users (
    id TEXT PRIMARY KEY,
    account_number INTEGER NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    phone TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    age INTEGER,
    gender TEXT CHECK (gender IN ('male', 'female', 'other')),
    sms_alerts INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL,
    password_changed_at INTEGER NOT NULL
  );

  -- One row per ledger account: 'u:<userId>', 'g:<goalId>', 'sys:cash'.
  CREATE TABLE ledger_accounts (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL CHECK (type IN ('user', 'goal', 'system')),
    owner_id TEXT REFERENCES users(id),
    label TEXT NOT NULL,
    account_number INTEGER,
    balance INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    CHECK (type = 'system' OR balance >= 0)
  );
  INSERT INTO ledger_accounts (id, type, owner_id, label, account_number, balance)
    VALUES ('sys:cash', 'system', NULL, 'Cash', NULL, 0);

  -- Append-only journal; seq orders history and backs the cursor.
  CREATE TABLE transfers (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN
      ('deposit', 'withdrawal', 'transfer', 'goal_deposit', 'goal_withdrawal', 'goal_refund')),
    amount INTEGER NOT NULL CHECK (amount > 0),
    debit_account TEXT NOT NULL REFERENCES ledger_accounts(id),
    debit_balance_after INTEGER NOT NULL,
    debit_label TEXT NOT NULL,
    debit_account_number INTEGER,
    debit_owner_id TEXT,
    credit_account TEXT NOT NULL REFERENCES ledger_accounts(id),
    credit_balance_after INTEGER NOT NULL,
    credit_label TEXT NOT NULL,
    credit_account_number INTEGER,
    credit_owner_id TEXT,
    note TEXT NOT NULL,
    initiator_id TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CHECK (debit_account <> credit_account),
    UNIQUE (initiator_id, idempotency_key)
  );
  CREATE INDEX transfers_debit ON transfers (debit_account, seq);
  CREATE INDEX transfers_credit ON transfers (credit_account, seq);

  CREATE TABLE goals (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    target_amount INTEGER NOT NULL,
    color TEXT NOT NULL,
    description TEXT NOT NULL,
    target_date INTEGER,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'closed')),
    created_at INTEGER NOT NULL,
    closed_at INTEGER,
    -- The first close's result, so a replay with the same key returns it.
    close_key TEXT,
    close_refunded INTEGER,
    close_transfer_id TEXT,
    close_balance INTEGER
  );
  CREATE INDEX goals_owner ON goals (owner_id, created_at);

  CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users(id),
    account_number INTEGER NOT NULL,
    payee_id TEXT NOT NULL REFERENCES users(id),
    nickname TEXT NOT NULL,
    relation TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (owner_id, account_number)
  );

  CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id),
    refresh_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    auth_time INTEGER NOT NULL,
    revoked_at INTEGER,
    user_agent TEXT NOT NULL,
    ip TEXT NOT NULL
  );
  CREATE INDEX sessions_user ON sessions (user_id, created_at);

  -- Every refresh hash ever issued: a rotated one presented again is a reuse.
  CREATE TABLE refresh_tokens (
    hash TEXT PRIMARY KEY,
    session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    rotated_at INTEGER
  );
  CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

  CREATE TABLE codes (
    purpose TEXT NOT NULL,
    subject TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    attempts_left INTEGER NOT NULL,
    PRIMARY KEY (purpose, subject)
  ) WITHOUT ROWID;

  CREATE TABLE rate_limits (
    key TEXT NOT NULL,
    window_ms INTEGER NOT NULL,
    window INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (key, window_ms, window)
  ) WITHOUT ROWID;

  CREATE TABLE sms_outbox (
    id TEXT PRIMARY KEY,
    to_number TEXT NOT NULL,
    body TEXT NOT NULL,
    purpose TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'logged')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL,
    last_error TEXT,
    provider_id TEXT,
    created_at INTEGER NOT NULL,
    sent_at INTEGER
  );
  CREATE INDEX sms_outbox_due ON sms_outbox (status, next_attempt_at);
  CREATE INDEX sms_outbox_to ON sms_outbox (to_number);
  `,
  // 2: covering indexes for flowSums (SUM(amount) per side over a created_at range),
  // so the dashboard reads only the rows in each range, from the index alone, instead
  // of every row of the account through (account, seq) for each of its 13 ranges.
  `
  CREATE INDEX transfers_debit_flow ON transfers (debit_account, created_at, amount);
  CREATE INDEX transfers_credit_flow ON transfers (credit_account, created_at, amount);
  `,
  // 3: sessions bound to the credential they were opened with, an absolute lifetime
  // (existing sessions: their current expiry, so none is extended), and indexes for
  // pruning expired and revoked sessions.
  `
  ALTER TABLE users ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN credential_version INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE sessions ADD COLUMN absolute_expires_at INTEGER NOT NULL DEFAULT 0;
  UPDATE sessions SET absolute_expires_at = expires_at;
  CREATE INDEX sessions_expires ON sessions (expires_at);
  CREATE INDEX sessions_revoked ON sessions (revoked_at) WHERE revoked_at IS NOT NULL;
  `,
  // 4: scheduled payments (schedules.ts): schedules, one row per settled run, round-ups.
  `
  CREATE TABLE schedules (
    id TEXT PRIMARY KEY,
    owner_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('transfer', 'goal_deposit')),
    to_account TEXT NOT NULL,
    to_account_number INTEGER,
    goal_id TEXT,
    amount INTEGER NOT NULL CHECK (amount > 0),
    note TEXT NOT NULL,
    frequency TEXT NOT NULL CHECK (frequency IN ('once', 'weekly', 'monthly')),
    start_date TEXT NOT NULL,
    end_date TEXT,
    max_runs INTEGER,
    status TEXT NOT NULL CHECK (status IN ('active', 'paused', 'cancelled', 'completed')),
    next_run_date TEXT,
    runs_done INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    lease_until INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    end_reason TEXT,
    idempotency_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    UNIQUE (owner_id, idempotency_key)
  );
  CREATE INDEX schedules_owner ON schedules (owner_id, created_at);
  CREATE INDEX schedules_due ON schedules (next_run_date, id) WHERE status IN ('active', 'paused');

  -- One row per settled occurrence: the primary key makes settling a date twice impossible.
  CREATE TABLE schedule_runs (
    schedule_id TEXT NOT NULL REFERENCES schedules(id),
    run_date TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('paid', 'failed', 'skipped')),
    transfer_id TEXT,
    reason TEXT,
    attempts INTEGER NOT NULL,
    settled_at INTEGER NOT NULL,
    PRIMARY KEY (schedule_id, run_date)
  ) WITHOUT ROWID;

  -- At most one goal per user collects round-ups: the owner is the key.
  CREATE TABLE round_ups (
    owner_id TEXT PRIMARY KEY REFERENCES users(id),
    goal_id TEXT NOT NULL REFERENCES goals(id),
    updated_at INTEGER NOT NULL
  );
`,
  // 5 (issue 17): live events (per-user seq from a counter that pruning never resets;
  // pos orders every commit, for the cross-process poll) and money requests.
  `
  CREATE TABLE events (
    pos INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    type TEXT NOT NULL,
    at INTEGER NOT NULL,
    payload TEXT NOT NULL,
    UNIQUE (user_id, seq)
  );
  CREATE INDEX events_at ON events (at);
  CREATE TABLE event_counters (
    user_id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL
  ) WITHOUT ROWID;

  CREATE TABLE money_requests (
    id TEXT PRIMARY KEY,
    requester_id TEXT NOT NULL REFERENCES users(id),
    payer_id TEXT NOT NULL REFERENCES users(id),
    amount INTEGER NOT NULL CHECK (amount > 0),
    note TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'paid', 'declined', 'cancelled')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    settled_at INTEGER,
    transfer_id TEXT,
    create_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    pay_key TEXT,
    CHECK (requester_id <> payer_id),
    UNIQUE (requester_id, create_key)
  );
  CREATE INDEX money_requests_payer ON money_requests (payer_id, created_at);
  CREATE INDEX money_requests_requester ON money_requests (requester_id, created_at);
  CREATE TABLE request_settings (
    user_id TEXT PRIMARY KEY REFERENCES users(id),
    enabled INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 6 (issue 13): the cash account spread over sub-accounts (cash.ts). 'sys:cash' stays
  // as sub-account 0, so every earlier posting and its balance chain stay valid; the
  // others open at zero. The count is written out: a shipped step never changes.
  `
  INSERT INTO ledger_accounts (id, type, owner_id, label, account_number, balance)
    SELECT 'sys:cash:' || n, 'system', NULL, 'Cash', NULL, 0 FROM (
      WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 15)
      SELECT n FROM k);
  `,
  // 7 (issue 13): lifetime totals in and out on each account, kept by the posting that
  // moves its balance, so the dashboard reads one row instead of summing the history.
  // Existing accounts: backfilled from the journal.
  `
  ALTER TABLE ledger_accounts ADD COLUMN total_in INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE ledger_accounts ADD COLUMN total_out INTEGER NOT NULL DEFAULT 0;
  UPDATE ledger_accounts SET
    total_in = (SELECT COALESCE(SUM(amount), 0) FROM transfers WHERE credit_account = ledger_accounts.id),
    total_out = (SELECT COALESCE(SUM(amount), 0) FROM transfers WHERE debit_account = ledger_accounts.id);
  `,
];

/** Applies the missing steps in one IMMEDIATE transaction; returns the schema version. */
export function migrate(db: Database.Database, steps: readonly string[] = MIGRATIONS): number {
  const apply = db.transaction(() => {
    // Read inside the write lock so two processes opening at once cannot both apply a step.
    const current = Number(db.pragma('user_version', { simple: true }));
    if (current > steps.length) {
      throw new Error(`database schema v${current} is newer than this code (v${steps.length})`);
    }
    for (const step of steps.slice(current)) db.exec(step);
    if (current !== steps.length) db.pragma(`user_version = ${steps.length}`);
    return steps.length;
  });
  return apply.immediate();
}

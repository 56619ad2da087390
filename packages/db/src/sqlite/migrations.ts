import type Database from 'better-sqlite3';
import { SECOND_WAVE_MIGRATIONS } from './migrations-second-wave.ts';

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
  ...SECOND_WAVE_MIGRATIONS,
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

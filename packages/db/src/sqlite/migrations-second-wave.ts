/**
 * Schema steps 4 to 7 (the second wave), appended to MIGRATIONS in migrations.ts in this
 * order; a new step goes at the end of this list.
 */
export const SECOND_WAVE_MIGRATIONS: readonly string[] = [
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

import type { UsersArea } from '../areas.ts';
import { FIRST_ACCOUNT_NUMBER } from '../constants.ts';
import { DomainError } from '../errors.ts';
import { newId, userAccount } from '../ids.ts';
import { newUserFields } from '../records.ts';
import type { NewUser, User, UserPatch } from '../types.ts';
import type { SqliteContext } from './context.ts';
import { toUser, type UserRow } from './rows.ts';

export function users({ db, now }: SqliteContext): UsersArea {
  const byId = db.prepare<[string], UserRow>('SELECT * FROM users WHERE id = ?');
  const byPhone = db.prepare<[string], UserRow>('SELECT * FROM users WHERE phone = ?');
  const byNumber = db.prepare<[number], UserRow>('SELECT * FROM users WHERE account_number = ?');
  const nextNumber = db
    .prepare<[], number>(
      `SELECT COALESCE(MAX(account_number) + 1, ${FIRST_ACCOUNT_NUMBER}) FROM users`,
    )
    .pluck();
  const insertUser = db.prepare<[UserRow], UserRow>(`
    INSERT INTO users (id, account_number, full_name, phone, password_hash, age, gender,
      sms_alerts, created_at, password_changed_at)
    VALUES (@id, @account_number, @full_name, @phone, @password_hash, @age, @gender,
      @sms_alerts, @created_at, @password_changed_at)
    RETURNING *`);
  const insertAccount = db.prepare<[string, string, string, number], unknown>(
    `INSERT INTO ledger_accounts (id, type, owner_id, label, account_number, balance)
     VALUES (?, 'user', ?, ?, ?, 0)`,
  );
  type Patch = {
    name: string | null;
    sms: number | null;
    hash: string | null;
    at: number;
    id: string;
  };
  const update = db.prepare<[Patch], UserRow>(`
    UPDATE users SET
      full_name = COALESCE(@name, full_name),
      sms_alerts = COALESCE(@sms, sms_alerts),
      password_hash = COALESCE(@hash, password_hash),
      password_changed_at = CASE WHEN @hash IS NULL THEN password_changed_at ELSE @at END,
      credential_version = credential_version + (CASE WHEN @hash IS NULL THEN 0 ELSE 1 END)
    WHERE id = @id RETURNING *`);
  const relabel = db.prepare<[string, string], unknown>(
    'UPDATE ledger_accounts SET label = ? WHERE id = ?',
  );

  // MAX+1 is read inside the same IMMEDIATE transaction as the insert: no gaps, no duplicates.
  const create = db.transaction((input: NewUser): User => {
    if (byPhone.get(input.phone)) throw new DomainError('PHONE_TAKEN', 'phone already registered');
    const at = now();
    const u = newUserFields(input);
    const row = insertUser.get({
      id: newId(at),
      account_number: nextNumber.get() ?? FIRST_ACCOUNT_NUMBER,
      full_name: u.fullName,
      phone: u.phone,
      password_hash: u.passwordHash,
      age: u.age,
      gender: u.gender,
      sms_alerts: u.smsAlerts ? 1 : 0,
      created_at: at,
      password_changed_at: at,
      credential_version: 0,
    });
    if (!row) throw new Error('user insert returned nothing');
    insertAccount.run(userAccount(row.id), row.id, row.full_name, row.account_number);
    return toUser(row);
  });

  const updateUser = db.transaction((id: string, patch: UserPatch): User => {
    const smsAlerts = patch.smsAlerts === undefined ? null : patch.smsAlerts ? 1 : 0;
    const row = update.get({
      name: patch.fullName ?? null,
      sms: smsAlerts,
      hash: patch.passwordHash ?? null,
      at: now(),
      id,
    });
    if (!row) throw new DomainError('USER_NOT_FOUND', 'no such user');
    if (patch.fullName !== undefined) relabel.run(row.full_name, userAccount(id));
    return toUser(row);
  });

  const found = (row: UserRow | undefined): User | null => (row ? toUser(row) : null);
  return {
    createUser: async (input) => create.immediate(input),
    findUserById: async (id) => found(byId.get(id)),
    findUserByPhone: async (phone) => found(byPhone.get(phone)),
    findUserByAccountNumber: async (n) => found(byNumber.get(n)),
    updateUser: async (id, patch) => updateUser.immediate(id, patch),
  };
}

import type { ContactsArea } from '../areas.ts';
import { DomainError } from '../errors.ts';
import { newId } from '../ids.ts';
import type { Contact, NewContact } from '../types.ts';
import type { SqliteContext } from './context.ts';
import { type ContactRow, toContact } from './rows.ts';

export function contacts({ db, now }: SqliteContext): ContactsArea {
  const payee = db
    .prepare<[number], string>('SELECT id FROM users WHERE account_number = ?')
    .pluck();
  const byOwnerAndNumber = db
    .prepare<[string, number], number>(
      'SELECT 1 FROM contacts WHERE owner_id = ? AND account_number = ?',
    )
    .pluck();
  const insert = db.prepare<[ContactRow], ContactRow>(`
    INSERT INTO contacts (id, owner_id, account_number, payee_id, nickname, relation, created_at)
    VALUES (@id, @owner_id, @account_number, @payee_id, @nickname, @relation, @created_at)
    RETURNING *`);
  const byId = db.prepare<[string, string], ContactRow>(
    'SELECT * FROM contacts WHERE id = ? AND owner_id = ?',
  );
  const byOwner = db.prepare<[string], ContactRow>(
    'SELECT * FROM contacts WHERE owner_id = ? ORDER BY created_at DESC, rowid DESC',
  );
  const update = db.prepare<[string | null, string | null, string, string], ContactRow>(`
    UPDATE contacts SET nickname = COALESCE(?, nickname), relation = COALESCE(?, relation)
    WHERE id = ? AND owner_id = ? RETURNING *`);
  const remove = db.prepare<[string, string]>('DELETE FROM contacts WHERE id = ? AND owner_id = ?');

  const add = db.transaction((input: NewContact): Contact => {
    const payeeId = payee.get(input.accountNumber);
    if (!payeeId) throw new DomainError('ACCOUNT_NOT_FOUND', 'no user has that account number');
    if (payeeId === input.ownerId) throw new DomainError('SELF_CONTACT', 'cannot add yourself');
    if (byOwnerAndNumber.get(input.ownerId, input.accountNumber)) {
      throw new DomainError('DUPLICATE_CONTACT', 'that payee is already a contact');
    }
    const at = now();
    const row = insert.get({
      id: newId(at),
      owner_id: input.ownerId,
      account_number: input.accountNumber,
      payee_id: payeeId,
      nickname: input.nickname,
      relation: input.relation ?? '',
      created_at: at,
    });
    if (!row) throw new Error('contact insert returned nothing');
    return toContact(row);
  });

  const notFound = () => new DomainError('CONTACT_NOT_FOUND', 'no such contact');
  return {
    addContact: async (input) => add.immediate(input),
    getContact: async (id, ownerId) => {
      const row = byId.get(id, ownerId);
      return row ? toContact(row) : null;
    },
    listContacts: async (ownerId) => byOwner.all(ownerId).map(toContact),
    updateContact: async (id, ownerId, p) => {
      const row = update.get(p.nickname ?? null, p.relation ?? null, id, ownerId);
      if (!row) throw notFound();
      return toContact(row);
    },
    removeContact: async (id, ownerId) => {
      if (remove.run(id, ownerId).changes === 0) throw notFound();
    },
  };
}

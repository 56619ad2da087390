import { DomainError } from '../errors.ts';
import type { UserId } from '../ids.ts';
import type { Contact, ContactPatch, NewContact } from '../types.ts';
import { duplicateOn, type MongoContext, nextId } from './context.ts';
import { type ContactDoc, toContact } from './docs.ts';

const notFound = () => new DomainError('CONTACT_NOT_FOUND', 'no such contact');
const duplicate = () => new DomainError('DUPLICATE_CONTACT', 'that payee is already a contact');

/**
 * Checks in the SQLite store's order: payee exists, not self, not a duplicate. The
 * unique (ownerId, accountNumber) index settles a race between two identical adds.
 */
export async function addContact(ctx: MongoContext, input: NewContact): Promise<Contact> {
  const payee = await ctx.col.users.findOne(
    { accountNumber: input.accountNumber },
    { projection: { _id: 1 } },
  );
  if (!payee) throw new DomainError('ACCOUNT_NOT_FOUND', 'no user has that account number');
  if (payee._id === input.ownerId) throw new DomainError('SELF_CONTACT', 'cannot add yourself');
  const at = ctx.now();
  const doc: ContactDoc = {
    _id: nextId(at),
    ownerId: input.ownerId,
    accountNumber: input.accountNumber,
    payeeId: payee._id,
    nickname: input.nickname,
    relation: input.relation ?? '',
    createdAt: new Date(at),
  };
  try {
    await ctx.col.contacts.insertOne(doc);
  } catch (e) {
    if (duplicateOn(e, 'accountNumber')) throw duplicate();
    throw e;
  }
  return toContact(doc);
}

export async function getContact(ctx: MongoContext, id: string, ownerId: UserId) {
  const doc = await ctx.col.contacts.findOne({ _id: id, ownerId });
  return doc ? toContact(doc) : null;
}

/** Newest first (ids sort by creation time). */
export async function listContacts(ctx: MongoContext, ownerId: UserId): Promise<Contact[]> {
  const docs = await ctx.col.contacts.find({ ownerId }).sort({ _id: -1 }).toArray();
  return docs.map(toContact);
}

export async function updateContact(
  ctx: MongoContext,
  id: string,
  ownerId: UserId,
  patch: ContactPatch,
): Promise<Contact> {
  const set: Partial<Pick<ContactDoc, 'nickname' | 'relation'>> = {};
  if (patch.nickname !== undefined) set.nickname = patch.nickname;
  if (patch.relation !== undefined) set.relation = patch.relation;
  // An empty $set is an error in MongoDB, so an empty patch is a plain read.
  const doc =
    Object.keys(set).length === 0
      ? await ctx.col.contacts.findOne({ _id: id, ownerId })
      : await ctx.col.contacts.findOneAndUpdate(
          { _id: id, ownerId },
          { $set: set },
          { returnDocument: 'after' },
        );
  if (!doc) throw notFound();
  return toContact(doc);
}

export async function removeContact(ctx: MongoContext, id: string, ownerId: UserId) {
  const res = await ctx.col.contacts.deleteOne({ _id: id, ownerId });
  if (res.deletedCount === 0) throw notFound();
}

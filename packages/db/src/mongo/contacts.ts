import type { ContactsArea } from '../areas.ts';
import { DomainError } from '../errors.ts';
import { duplicateOn, type MongoContext, nextId } from './context.ts';
import { type ContactDoc, toContact } from './docs.ts';
import { newestId } from './newest.ts';

const notFound = () => new DomainError('CONTACT_NOT_FOUND', 'no such contact');
const duplicate = () => new DomainError('DUPLICATE_CONTACT', 'that payee is already a contact');

export function contacts(ctx: MongoContext): ContactsArea {
  const col = ctx.col.contacts;
  return {
    /**
     * Checks in the SQLite store's order: payee exists, not self, not a duplicate. The
     * unique (ownerId, accountNumber) index settles a race between two identical adds.
     */
    async addContact(input) {
      const payee = await ctx.col.users.findOne(
        { accountNumber: input.accountNumber },
        { projection: { _id: 1 } },
      );
      if (!payee) throw new DomainError('ACCOUNT_NOT_FOUND', 'no user has that account number');
      if (payee._id === input.ownerId) throw new DomainError('SELF_CONTACT', 'cannot add yourself');
      const at = ctx.now();
      const newest = await newestId(col, { ownerId: input.ownerId });
      const doc: ContactDoc = {
        _id: nextId(at, newest), // above the owner's newest contact (newest.ts)
        ownerId: input.ownerId,
        accountNumber: input.accountNumber,
        payeeId: payee._id,
        nickname: input.nickname,
        relation: input.relation ?? '',
        createdAt: new Date(at),
      };
      try {
        await col.insertOne(doc);
      } catch (e) {
        if (duplicateOn(e, 'accountNumber')) throw duplicate();
        throw e;
      }
      return toContact(doc);
    },

    async getContact(id, ownerId) {
      const doc = await col.findOne({ _id: id, ownerId });
      return doc ? toContact(doc) : null;
    },

    /** Newest first (ids sort by creation time). */
    async listContacts(ownerId) {
      const docs = await col.find({ ownerId }).sort({ _id: -1 }).toArray();
      return docs.map(toContact);
    },

    async updateContact(id, ownerId, patch) {
      const set: Partial<Pick<ContactDoc, 'nickname' | 'relation'>> = {};
      if (patch.nickname !== undefined) set.nickname = patch.nickname;
      if (patch.relation !== undefined) set.relation = patch.relation;
      // An empty $set is an error in MongoDB, so an empty patch is a plain read.
      const doc =
        Object.keys(set).length === 0
          ? await col.findOne({ _id: id, ownerId })
          : await col.findOneAndUpdate(
              { _id: id, ownerId },
              { $set: set },
              { returnDocument: 'after' },
            );
      if (!doc) throw notFound();
      return toContact(doc);
    },

    async removeContact(id, ownerId) {
      const res = await col.deleteOne({ _id: id, ownerId });
      if (res.deletedCount === 0) throw notFound();
    },
  };
}

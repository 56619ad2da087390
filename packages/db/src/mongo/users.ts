import type { UsersArea } from '../areas.ts';
import { DomainError } from '../errors.ts';
import { userAccount } from '../ids.ts';
import { newUserFields } from '../records.ts';
import type { NewUser, User } from '../types.ts';
import { ACCOUNT_NUMBER_COUNTER } from './collections.ts';
import {
  duplicateOn,
  inLockedTransaction,
  inTransaction,
  type MongoContext,
  nextId,
} from './context.ts';
import { type AccountDoc, toUser, type UserDoc } from './docs.ts';
import { ZERO_TOTALS } from './totals.ts';

const phoneTaken = () => new DomainError('PHONE_TAKEN', 'phone already registered');

/**
 * The counter, the user and the main ledger account are written in one transaction:
 * a refused or aborted sign-up rolls the counter back, so numbers have no gaps, and
 * concurrent sign-ups conflict on the counter document and are serialized.
 */
async function createUser(ctx: MongoContext, input: NewUser): Promise<User> {
  try {
    // Every sign-up writes the counter document: queue them in this process.
    return await inLockedTransaction(
      ctx,
      [ACCOUNT_NUMBER_COUNTER],
      async (session) => {
        if (await ctx.col.users.findOne({ phone: input.phone }, { session })) throw phoneTaken();
        // ensureSchema seeded the counter at FIRST_ACCOUNT_NUMBER - 1.
        const counter = await ctx.col.counters.findOneAndUpdate(
          { _id: ACCOUNT_NUMBER_COUNTER },
          { $inc: { value: 1 } },
          { session, returnDocument: 'after' },
        );
        if (!counter) throw new Error('account number counter missing: ensureSchema did not run');
        const at = ctx.now();
        const doc: UserDoc = {
          _id: nextId(at),
          accountNumber: counter.value,
          ...newUserFields(input),
          createdAt: new Date(at),
          passwordChangedAt: new Date(at),
          credentialVersion: 0,
        };
        await ctx.col.users.insertOne(doc, { session });
        const account: AccountDoc = {
          _id: userAccount(doc._id),
          type: 'user',
          ownerId: doc._id,
          label: doc.fullName,
          accountNumber: doc.accountNumber,
          balance: 0,
          status: 'active',
          ...ZERO_TOTALS,
        };
        await ctx.col.ledgerAccounts.insertOne(account, { session });
        return toUser(doc);
      },
      // Gapless numbers make the counter inherently hot: its conflicts are counted apart.
      'account-number',
    );
  } catch (e) {
    // A concurrent sign-up with the same phone committed between our check and insert.
    if (duplicateOn(e, 'phone')) throw phoneTaken();
    throw e;
  }
}

const found = (doc: UserDoc | null): User | null => (doc ? toUser(doc) : null);

export function users(ctx: MongoContext): UsersArea {
  const col = ctx.col.users;
  return {
    createUser: (input) => createUser(ctx, input),
    findUserById: async (id) => found(await col.findOne({ _id: id })),
    findUserByPhone: async (phone) => found(await col.findOne({ phone })),
    findUserByAccountNumber: async (accountNumber) => found(await col.findOne({ accountNumber })),
    updateUser: (id, patch) =>
      // Renaming relabels the main ledger account too (earlier transfers keep their labels).
      inTransaction(ctx, async (session) => {
        const set: Partial<UserDoc> = {};
        if (patch.fullName !== undefined) set.fullName = patch.fullName;
        if (patch.smsAlerts !== undefined) set.smsAlerts = patch.smsAlerts;
        if (patch.passwordHash !== undefined) {
          set.passwordHash = patch.passwordHash;
          set.passwordChangedAt = new Date(ctx.now());
        }
        // A new hash moves the credential version, so sessions opened against the old one die.
        const inc = patch.passwordHash !== undefined ? { $inc: { credentialVersion: 1 } } : {};
        // An empty $set is an error in MongoDB, so an empty patch is a plain read.
        const doc =
          Object.keys(set).length === 0
            ? await ctx.col.users.findOne({ _id: id }, { session })
            : await ctx.col.users.findOneAndUpdate(
                { _id: id },
                { $set: set, ...inc },
                { session, returnDocument: 'after' },
              );
        if (!doc) throw new DomainError('USER_NOT_FOUND', 'no such user');
        if (patch.fullName !== undefined) {
          await ctx.col.ledgerAccounts.updateOne(
            { _id: userAccount(id) },
            { $set: { label: doc.fullName } },
            { session },
          );
        }
        return toUser(doc);
      }),
  };
}

import { z } from 'zod';
import { lookup } from '../money/contacts.ts';
import { accountNumber, id } from '../money/schemas.ts';
import { contactView } from '../money/views.ts';
import { plainText } from '../text.ts';
import { authedProcedure, router } from '../trpc.ts';

const nickname = plainText(60, 1, 'Nickname');
const relation = plainText(40, 0, 'Relation');

/** Payees. Every call is scoped to the caller's own contacts (CONTACT_NOT_FOUND otherwise). */
export const contactsRouter = router({
  lookup: authedProcedure
    .input(z.object({ accountNumber }))
    .query(({ ctx, input }) => lookup(ctx, input.accountNumber)),
  list: authedProcedure.query(async ({ ctx }) =>
    (await ctx.store.listContacts(ctx.auth.user.id)).map(contactView),
  ),
  add: authedProcedure
    .input(z.object({ accountNumber, nickname, relation: relation.optional() }))
    .mutation(async ({ ctx, input }) =>
      contactView(await ctx.store.addContact({ ownerId: ctx.auth.user.id, ...input })),
    ),
  update: authedProcedure
    .input(
      z.object({ contactId: id, nickname: nickname.optional(), relation: relation.optional() }),
    )
    .mutation(async ({ ctx, input: { contactId, ...patch } }) =>
      contactView(await ctx.store.updateContact(contactId, ctx.auth.user.id, patch)),
    ),
  remove: authedProcedure.input(z.object({ contactId: id })).mutation(async ({ ctx, input }) => {
    await ctx.store.removeContact(input.contactId, ctx.auth.user.id);
    return { id: input.contactId, removed: true };
  }),
});

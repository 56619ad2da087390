import { z } from 'zod';
import { accountNumber, id } from '../shared/schemas.ts';
import { plainText } from '../shared/text.ts';
import { authedProcedure, router } from '../trpc.ts';
import * as payees from './contacts.ts';

const nickname = plainText(60, 1, 'Nickname');
const relation = plainText(40, 0, 'Relation');

/** Payees. Every call is scoped to the caller's own contacts (CONTACT_NOT_FOUND otherwise). */
export const contactsRouter = router({
  lookup: authedProcedure
    .input(z.object({ accountNumber }))
    .query(({ ctx, input }) => payees.lookup(ctx, input)),
  list: authedProcedure.query(({ ctx }) => payees.listPayees(ctx)),
  add: authedProcedure
    .input(z.object({ accountNumber, nickname, relation: relation.optional() }))
    .mutation(({ ctx, input }) => payees.addPayee(ctx, input)),
  update: authedProcedure
    .input(
      z.object({ contactId: id, nickname: nickname.optional(), relation: relation.optional() }),
    )
    .mutation(({ ctx, input }) => payees.updatePayee(ctx, input)),
  remove: authedProcedure
    .input(z.object({ contactId: id }))
    .mutation(({ ctx, input }) => payees.removePayee(ctx, input)),
});

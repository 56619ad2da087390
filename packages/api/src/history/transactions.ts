import { isDomainError, type TransferKind, userAccount } from '@quickpay/db';
import type { AuthedContext } from '../context.ts';
import { fail } from '../errors.ts';
import { localMidnight } from '../shared/calendar.ts';
import { historyView, type TransferView, transferView } from '../shared/views.ts';

export interface ListInput {
  cursor?: string | undefined;
  limit?: number | undefined;
  kind?: TransferKind | TransferKind[] | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A bound: a datetime is an exact instant; a bare date is a whole day in
 * config.timeZone, so `to: '2025-06-30'` includes all of 30 June (to is exclusive).
 */
function bound(value: string, timeZone: string, end: boolean): Date {
  const m = DATE_ONLY.exec(value);
  if (!m) return new Date(value);
  return localMidnight(Number(m[1]), Number(m[2]), Number(m[3]) + (end ? 1 : 0), timeZone);
}

export async function list(
  ctx: AuthedContext,
  input: ListInput,
): Promise<{ items: TransferView[]; nextCursor: string | null }> {
  const tz = ctx.config.timeZone;
  const kinds = input.kind === undefined ? undefined : [input.kind].flat();
  try {
    const page = await ctx.store.listHistory(userAccount(ctx.auth.user.id), {
      cursor: input.cursor ?? null,
      limit: input.limit ?? 20,
      ...(kinds && { kinds }),
      ...(input.from !== undefined && { from: bound(input.from, tz, false) }),
      ...(input.to !== undefined && { to: bound(input.to, tz, true) }),
      ...(input.q?.trim() && { q: input.q.trim() }),
    });
    return { items: page.items.map(historyView), nextCursor: page.nextCursor };
  } catch (error) {
    // A cursor the store cannot decode is the client's mistake, not a server fault.
    if (input.cursor !== undefined && !isDomainError(error) && error instanceof RangeError) {
      fail('INVALID_CURSOR', 'Invalid cursor');
    }
    throw error;
  }
}

/** One of the caller's transfers; anyone else's is TRANSFER_NOT_FOUND, as if it did not exist. */
export async function get(ctx: AuthedContext, { id }: { id: string }): Promise<TransferView> {
  const transfer = await ctx.store.getTransfer(id);
  const view = transfer && transferView(transfer, userAccount(ctx.auth.user.id));
  if (!view) fail('TRANSFER_NOT_FOUND', 'No such transaction');
  return view;
}

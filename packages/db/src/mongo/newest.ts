import type { ClientSession, Collection, Filter } from 'mongodb';

/**
 * "Newest first" lists (sessions, requests, goals, contacts, schedules) sort by `_id`,
 * which is time-ordered by the clock of the process that minted it. Clocks of two
 * server processes differ, so a document created after another one could sort below
 * it. As for transfers (posting.ts), a new id is therefore minted above the newest id
 * already in the list (nextId's `after`): a document created once another was visible
 * sorts above it, whichever process made either. Only creations that overlap in time
 * (neither saw the other) are ordered by clock, which is as good as any order for them.
 * Reads one index entry: each list has an (owner, _id) index.
 */
export async function newestId<T extends { _id: string }>(
  col: Collection<T>,
  filter: Filter<T>,
  session?: ClientSession,
): Promise<string | null> {
  const doc = await col.findOne(filter, {
    sort: { _id: -1 },
    projection: { _id: 1 },
    ...(session ? { session } : {}),
  });
  return doc ? String(doc._id) : null;
}

/** The later of two ids (either may be missing). */
export const laterId = (a: string | null, b: string | null): string | null =>
  a === null ? b : b === null || a > b ? a : b;

import { type Collection, type Document, type IndexDescription, MongoServerError } from 'mongodb';

/**
 * Index set-up (`pnpm db:setup`), made idempotent by comparing first: createIndexes is a
 * no-op only for an identical index, and fails the whole batch (IndexOptionsConflict
 * 85, IndexKeySpecsConflict 86) when a name or key exists with other options. So set-up
 * lists what is there, skips what matches (under any name), drops what no spec names
 * any more (an unused index costs every write), creates the rest, and refuses with a
 * message naming each real conflict (e.g. a non-unique index where uniqueness is
 * needed) rather than run without it.
 */

/** Indexes set-up never drops: the collection's own, and any an operator named `keep_*`. */
export const keptIndex = (name: string): boolean => name === '_id_' || name.startsWith('keep_');

/** The options that make an index behave differently; anything else (v, ns, ...) is ignored. */
const OPTIONS = ['unique', 'sparse', 'partialFilterExpression', 'expireAfterSeconds'] as const;

const keyOf = (key: unknown): string =>
  JSON.stringify(
    Object.entries((key ?? {}) as Record<string, unknown>).map(([f, d]) => [f, String(d)]),
  );

function optionsOf(index: Document): string {
  const o: Record<string, unknown> = {};
  for (const name of OPTIONS) {
    const v: unknown = index[name];
    // unique: false and sparse: false are the defaults the server may or may not echo.
    if (v === undefined || v === null || v === false) continue;
    o[name] = name === 'expireAfterSeconds' ? Number(v) : v;
  }
  return JSON.stringify(o);
}

const show = (i: Document): string =>
  `${String(i.name)} ${keyOf(i.key)} ${optionsOf(i)}`.replaceAll('"', '');

export interface IndexPlan {
  /** Wanted indexes not there under any name. */
  create: IndexDescription[];
  /** Indexes there that no wanted index matches (nor blocks): no longer specified. */
  drop: string[];
  /** One line per wanted index that an existing one blocks. */
  conflicts: string[];
}

/** Pure: what to do for `wanted` given the collection's `existing` indexes (listIndexes). */
export function planIndexes(
  collection: string,
  wanted: readonly IndexDescription[],
  existing: readonly Document[],
): IndexPlan {
  const plan: IndexPlan = { create: [], drop: [], conflicts: [] };
  const used = new Set<unknown>();
  for (const w of wanted) {
    const sameKey = (e: Document) => keyOf(e.key) === keyOf(w.key);
    const same = (e: Document) => sameKey(e) && optionsOf(e) === optionsOf(w);
    const match = existing.find(same);
    if (match) {
      used.add(match.name);
      continue;
    }
    const blocker = existing.find((e) => e.name === w.name) ?? existing.find(sameKey);
    if (blocker) {
      used.add(blocker.name); // left for the operator: dropping it could drop a guarantee
      plan.conflicts.push(
        `${collection}: index ${show(blocker)} is in the way of ${show(w)}; ` +
          `drop it (db.${collection}.dropIndex('${String(blocker.name)}')) and start again`,
      );
    } else {
      plan.create.push(w);
    }
  }
  for (const e of existing) {
    const name = String(e.name);
    if (!used.has(e.name) && !keptIndex(name)) plan.drop.push(name);
  }
  return plan;
}

const INDEX_NOT_FOUND = 27;

/**
 * Applies planIndexes to one collection; throws one Error listing every conflict.
 * Returns what it did, one line per index.
 */
export async function ensureIndexes(
  col: Collection,
  wanted: readonly IndexDescription[],
): Promise<string[]> {
  const existing = await col.listIndexes().toArray();
  const plan = planIndexes(col.collectionName, wanted, existing);
  if (plan.conflicts.length > 0) {
    throw new Error(`MongoDB indexes conflict with the store's:\n${plan.conflicts.join('\n')}`);
  }
  // Dropped before creating: an unused index costs every write, and a build should not
  // run beside it. Another set-up running at the same time may have dropped it first.
  for (const name of plan.drop) {
    await col.dropIndex(name).catch((e: unknown) => {
      if (!(e instanceof MongoServerError && e.code === INDEX_NOT_FOUND)) throw e;
    });
  }
  if (plan.create.length > 0) await col.createIndexes(plan.create);
  return [
    ...plan.drop.map((name) => `index ${name} dropped (no longer specified)`),
    ...plan.create.map((i) => `index ${i.name ?? keyOf(i.key)} created`),
  ];
}

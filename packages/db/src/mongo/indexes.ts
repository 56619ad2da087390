import { type Collection, type Document, type IndexDescription, MongoServerError } from 'mongodb';

/**
 * Index creation at start, made idempotent by comparing first: createIndexes is a
 * no-op only for an identical index, and fails the whole batch (IndexOptionsConflict
 * 85, IndexKeySpecsConflict 86) when a name or key exists with other options. So the
 * store lists what is there, skips what matches (under any name), drops what it retired,
 * creates the rest, and refuses to start with a message naming each real conflict
 * (e.g. a non-unique index where uniqueness is needed) rather than run without it.
 */

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
  /** Retired indexes still there. */
  drop: string[];
  /** One line per wanted index that an existing one blocks. */
  conflicts: string[];
}

/** Pure: what to do for `wanted` given the collection's `existing` indexes (listIndexes). */
export function planIndexes(
  collection: string,
  wanted: readonly IndexDescription[],
  existing: readonly Document[],
  retired: readonly string[] = [],
): IndexPlan {
  const plan: IndexPlan = { create: [], drop: [], conflicts: [] };
  const live = existing.filter((e) => !retired.includes(String(e.name)));
  for (const name of retired) if (existing.some((e) => e.name === name)) plan.drop.push(name);
  for (const w of wanted) {
    const sameKey = (e: Document) => keyOf(e.key) === keyOf(w.key);
    const same = (e: Document) => sameKey(e) && optionsOf(e) === optionsOf(w);
    const blocker = live.find((e) => e.name === w.name && !same(e)) ?? live.find(sameKey);
    if (live.some(same)) continue;
    if (blocker) {
      plan.conflicts.push(
        `${collection}: index ${show(blocker)} is in the way of ${show(w)}; ` +
          `drop it (db.${collection}.dropIndex('${String(blocker.name)}')) and start again`,
      );
    } else {
      plan.create.push(w);
    }
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
  retired: readonly string[] = [],
): Promise<string[]> {
  const existing = await col.listIndexes().toArray();
  const plan = planIndexes(col.collectionName, wanted, existing, retired);
  if (plan.conflicts.length > 0) {
    throw new Error(`MongoDB indexes conflict with the store's:\n${plan.conflicts.join('\n')}`);
  }
  for (const name of plan.drop) {
    // Another instance starting at the same time may have dropped it first.
    await col.dropIndex(name).catch((e: unknown) => {
      if (!(e instanceof MongoServerError && e.code === INDEX_NOT_FOUND)) throw e;
    });
  }
  if (plan.create.length > 0) await col.createIndexes(plan.create);
  return [
    ...plan.drop.map((name) => `index ${name} dropped`),
    ...plan.create.map((i) => `index ${i.name ?? keyOf(i.key)} created`),
  ];
}

import type { Db, Document } from 'mongodb';
import { CASH_SUBACCOUNTS, cashSubAccounts } from '../cash.ts';
import { ACCOUNT_NUMBER_COUNTER, collections } from './collections.ts';
import { planIndexes } from './indexes.ts';
import { canonical, ensureSchema, type SchemaChanges } from './schema.ts';
import { SPECS, type Spec } from './specs.ts';
import { backfillTotals } from './totals.ts';

/**
 * Set-up and start are separate. `pnpm db:setup` (scripts/db-setup.ts) creates and
 * changes the schema; the server's start only reads it and refuses to run on a
 * database that needs set-up. Start therefore never takes collMod's exclusive locks,
 * never builds an index before listening, and instances of two releases in a rolling
 * deploy cannot flip validators back and forth.
 */

/** The counters document recording which validators set-up last applied. */
export const SCHEMA_MARKER = 'schemaValidators';

/**
 * A 31-bit FNV-1a hash of every collection's validator: set-up stores it (an int, as the
 * counters validator wants) once every validator is in place, and start compares it, so
 * start needs no validator comparison of its own (the server may echo a validator
 * differently from how it was written; the hash is of what this code wants).
 */
export function validatorsHash(specs: readonly Spec[] = SPECS): number {
  const text = canonical(specs.map((s) => [s.name, s.validator, s.expr ?? null]));
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7fffffff;
}

/** What the database has, as start reads it (listCollections, listIndexes, two seeds). */
export interface SchemaFacts {
  collections: readonly string[];
  indexes: Readonly<Record<string, readonly Document[]>>;
  marker: number | null;
  hasSystemAccount: boolean;
  hasCounter: boolean;
}

/** Pure: what set-up would still have to do, one line each; empty when start may run. */
export function setupNeeded(facts: SchemaFacts, specs: readonly Spec[] = SPECS): string[] {
  const needs: string[] = [];
  for (const spec of specs) {
    if (!facts.collections.includes(spec.name)) {
      needs.push(`collection ${spec.name} is missing`);
      continue;
    }
    // An index no longer specified is not a reason to refuse: it costs writes, not
    // correctness; set-up drops it (planIndexes' drop list).
    const plan = planIndexes(spec.name, spec.indexes, facts.indexes[spec.name] ?? []);
    for (const i of plan.create)
      needs.push(`${spec.name}: index ${i.name ?? 'unnamed'} is missing`);
    needs.push(...plan.conflicts);
  }
  if (needs.length > 0) return needs;
  if (facts.marker !== validatorsHash(specs)) {
    needs.push(
      facts.marker === null
        ? 'no record that set-up applied the validators'
        : 'the validators are from another release',
    );
  }
  if (!facts.hasSystemAccount) needs.push('a system (cash) sub-account is missing');
  if (!facts.hasCounter) needs.push('the account-number counter is missing');
  return needs;
}

/** Reads the facts setupNeeded judges: read-only, a dozen small commands. */
export async function readSchemaFacts(db: Db): Promise<SchemaFacts> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
  const indexes: Record<string, Document[]> = {};
  for (const spec of SPECS) {
    if (names.includes(spec.name))
      indexes[spec.name] = await db.collection(spec.name).listIndexes().toArray();
  }
  const col = collections(db);
  const [marker, counter, system] = await Promise.all([
    col.counters.findOne({ _id: SCHEMA_MARKER }),
    col.counters.findOne({ _id: ACCOUNT_NUMBER_COUNTER }, { projection: { _id: 1 } }),
    col.ledgerAccounts.countDocuments({ _id: { $in: cashSubAccounts() } }),
  ]);
  return {
    collections: names,
    indexes,
    marker: typeof marker?.value === 'number' ? marker.value : null,
    // Every cash sub-account (cash.ts): a posting to a missing one would fail.
    hasSystemAccount: system === CASH_SUBACCOUNTS,
    hasCounter: counter !== null,
  };
}

/** The refusal start gives, with the command to run. */
export function setupRefusal(where: string, needs: readonly string[]): string {
  return (
    `MongoDB ${where} needs set-up before Quickpay can start: ${needs.join('; ')}. ` +
    'Run `pnpm db:setup` with the same MONGODB_URI (it creates or updates collections, ' +
    'validators and indexes, comparing first), then start again.'
  );
}

/** Start's check: throws setupRefusal unless the database is set up for this release. */
export async function verifySchema(db: Db, where: string): Promise<void> {
  const needs = setupNeeded(await readSchemaFacts(db));
  if (needs.length > 0) throw new Error(setupRefusal(where, needs));
}

/**
 * `pnpm db:setup`: applies the schema (comparing before changing), then records the
 * validators' hash, but only when every validator could be applied: a user without
 * dbAdmin gets warnings and a database start still refuses.
 */
export async function setupSchema(db: Db): Promise<SchemaChanges> {
  const out = await ensureSchema(db);
  const filled = await backfillTotals(db);
  if (filled > 0) out.changed.push(`lifetime totals backfilled on ${filled} accounts`);
  if (out.warnings.length === 0) {
    const value = validatorsHash();
    const before = await collections(db).counters.findOneAndUpdate(
      { _id: SCHEMA_MARKER },
      { $set: { value } },
      { upsert: true },
    );
    if (before?.value !== value) out.changed.push('validators recorded as applied');
  }
  return out;
}

import type { Document } from 'mongodb';

/**
 * The message for a server that cannot run multi-document transactions. Money
 * movement needs them, so the store refuses to start rather than fail per request.
 */
export const STANDALONE_MESSAGE =
  'MongoDB at this URI is a standalone server, but the Quickpay store needs transactions, ' +
  'which need a replica set (or a sharded cluster). Start mongod as a one-node replica set: ' +
  '`mongod --replSet rs0 --dbpath <dir>`, then run `rs.initiate()` once in mongosh ' +
  '(or use MongoDB Atlas), and connect with ?replicaSet=rs0 if needed.';

/**
 * True when a `hello` reply comes from a server without transactions: not a
 * replica-set member (no setName) and not a mongos router (msg 'isdbgrid').
 */
export function isStandalone(hello: Document): boolean {
  const setName: unknown = hello.setName;
  const msg: unknown = hello.msg;
  return !(typeof setName === 'string' && setName.length > 0) && msg !== 'isdbgrid';
}

/** Throws the standalone refusal for such a `hello` reply. */
export function assertTransactional(hello: Document): void {
  if (isStandalone(hello)) throw new Error(STANDALONE_MESSAGE);
}

/** The URI without its password, for error messages and logs. */
export function redactUri(uri: string): string {
  return uri.replace(
    /^([a-z][a-z0-9+.-]*:\/\/)([^@/]*)@/i,
    (_all, scheme: string, userinfo: string) => {
      const user = userinfo.split(':')[0] ?? '';
      return `${scheme}${user}:***@`;
    },
  );
}

/** Wraps a connection failure in an Error that names the (redacted) URI and the cause. */
export function unreachable(uri: string, cause: unknown): Error {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new Error(`cannot connect to MongoDB at ${redactUri(uri)}: ${reason}`, { cause });
}

/**
 * The database to use: the explicit name, else the one in the URI's path (as the
 * driver reads it), else `fallback`. Pure, so the choice is tested without a server.
 */
export function databaseName(uri: string, explicit: string | undefined, fallback: string): string {
  if (explicit !== undefined && explicit !== '') return explicit;
  const path = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri)?.[1] ?? '';
  const name = decodeURIComponent(path);
  return name === '' ? fallback : name;
}

/** The oldest MongoDB the store runs on: snapshot reads in transactions, and the driver's support. */
export const MIN_SERVER_VERSION: readonly [number, number] = [5, 0];

/** Why a server of `version` (buildInfo's "7.0.12") is refused, or null when it is new enough. */
export function versionRefusal(version: unknown): string | null {
  const [major, minor] = String(version ?? '')
    .split('.')
    .map((p) => Number.parseInt(p, 10));
  const [wantMajor, wantMinor] = MIN_SERVER_VERSION;
  if (major === undefined || !Number.isFinite(major)) {
    return `MongoDB did not report its version (${String(version)}); Quickpay needs ${wantMajor}.${wantMinor} or newer`;
  }
  if (major > wantMajor || (major === wantMajor && (minor ?? 0) >= wantMinor)) return null;
  return `MongoDB ${String(version)} is too old: Quickpay needs ${wantMajor}.${wantMinor} or newer (snapshot reads in transactions)`;
}

/**
 * A warning for a replica set of one member (fine for development, not production: no
 * copy of the data, and a restart is an outage), else null. Pure, on a `hello` reply.
 */
export function singleNodeWarning(hello: Document): string | null {
  if (isStandalone(hello) || hello.msg === 'isdbgrid') return null;
  const members = [hello.hosts, hello.passives, hello.arbiters].flatMap((l: unknown) =>
    Array.isArray(l) ? l : [],
  );
  if (members.length > 1) return null;
  return `MongoDB replica set "${String(hello.setName)}" has a single member: fine for development, but it keeps one copy of the data and a restart stops the service; production needs three members (docs/mongodb.md)`;
}

/**
 * What start and set-up check of the server: refuses a standalone server and one older
 * than MIN_SERVER_VERSION; returns warnings to log (a single-member set).
 */
export async function checkServer(admin: {
  command(c: Document): Promise<Document>;
}): Promise<string[]> {
  const hello = await admin.command({ hello: 1 });
  assertTransactional(hello);
  const refusal = versionRefusal((await admin.command({ buildInfo: 1 })).version);
  if (refusal) throw new Error(refusal);
  const warning = singleNodeWarning(hello);
  return warning ? [warning] : [];
}

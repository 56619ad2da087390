/**
 * The embedded store in worker mode (SQLITE_WRITER=worker): writes run in the SQLite
 * writer thread (writer-thread.ts), which builds the very same store on its own
 * connection; this thread keeps a query-only connection to the file and runs the reads
 * there (WAL: readers never block the writer, and see every commit that was answered).
 *
 * Which methods run here is a closed list of reads (and watchEvents, which takes a
 * callback); every other method, including any a new area adds, goes to the writer, so
 * a new write is correct by default. Refusals come back as the same DomainError.
 */
import type Database from 'better-sqlite3';
import type { AreaMethods } from '../areas.ts';
import { storeSettings } from '../constants.ts';
import type { StoreOptions } from '../store.ts';
import { kickEventFeed } from './events.ts';
import type { GroupCommitStats } from './group-commit.ts';
import { createSqliteStore, type SqliteStore } from './store.ts';
import { WriterThread, type WriterTraffic } from './writer-client.ts';

/** Reads, answered on this thread's query-only connection (a write here would fail loudly). */
export const LOCAL_READS = [
  'findUserById',
  'findUserByPhone',
  'findUserByAccountNumber',
  'getBalance',
  'getAccountTotals',
  'getTransfer',
  'listHistory',
  'flowSums',
  'verifyLedger',
  'getGoal',
  'listGoals',
  'getContact',
  'listContacts',
  'getSession',
  'listSessions',
  'peekRateLimit',
  'listSms',
  'getSchedule',
  'listSchedules',
  'listScheduleRuns',
  'getRoundUpGoal',
  'listEvents',
  'lastEventSeq',
  'getRequest',
  'listRequests',
  'requestsEnabled',
  // Takes a callback (cannot cross threads); it polls this thread's connection.
  'watchEvents',
] as const satisfies readonly (keyof AreaMethods)[];

const local = new Set<string>(LOCAL_READS);

/** Keys of the inline store that are not area methods. */
const OWN = new Set(['kind', 'db', 'groupCommitStats', 'ping', 'close']);

export interface WorkerSqliteStore extends SqliteStore {
  /** Test hook: the writer thread dies inside the transaction of the n-th transfer from now. */
  crashWriterAfter(transfers: number): void;
  /** The writer thread's messages and calls so far (shared by the process's stores; bench). */
  readonly writerTraffic: Readonly<WriterTraffic>;
}

/**
 * Builds the worker-mode store on `db`, this thread's connection to `file`, already
 * migrated (so the writer thread opens a current schema). `db` becomes query-only.
 */
export function createWorkerSqliteStore(
  db: Database.Database,
  file: string,
  options: StoreOptions,
): WorkerSqliteStore {
  db.pragma('query_only = ON');
  const settings = storeSettings(options);
  const reads = createSqliteStore({ db, ...settings });
  const writer = WriterThread.acquire();
  const clock = options.now === undefined || options.now === Date.now ? null : options.now;
  const s = writer.openStore({ file, maxAmount: settings.maxAmount }, clock);
  const stats: GroupCommitStats = { commits: 0, aborted: 0, settled: 0, largestBatch: 0 };
  let closing: Promise<void> | null = null;
  let closed = false;

  const remote =
    (method: string) =>
    async (...args: unknown[]): Promise<unknown> => {
      if (closed) throw new Error('the store is closed');
      const value = await writer.call(s, method, args, stats);
      // Watchers on this thread hear of the writer's events now, not at the next poll.
      kickEventFeed(db);
      return value;
    };

  const methods: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(reads)) {
    if (OWN.has(name)) continue;
    methods[name] = local.has(name) ? fn : remote(name);
  }
  return {
    ...(methods as AreaMethods),
    kind: 'sqlite',
    db,
    groupCommitStats: stats,
    ping: remote('ping') as () => Promise<void>,
    close: () => {
      closed = true;
      closing ??= (async () => {
        await reads.close(); // this thread's connection first: the writer's closes last
        await writer.closeStore(s);
      })();
      return closing;
    },
    crashWriterAfter: (transfers) => writer.crashAfter(s, transfers),
    writerTraffic: writer.traffic,
  };
}

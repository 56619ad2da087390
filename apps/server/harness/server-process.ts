import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The launcher `pnpm start` runs: the bundle when it is current, else tsx on the sources.
const serverEntry = fileURLToPath(new URL('../scripts/start.mjs', import.meta.url));
const serverDir = fileURLToPath(new URL('..', import.meta.url));

/** The node flags of package.json's `start` script (the heap cap), so runs match `pnpm start`. */
export function startFlags(): string[] {
  const pkg: unknown = JSON.parse(
    readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
  );
  const start =
    typeof pkg === 'object' && pkg !== null && 'scripts' in pkg
      ? (pkg.scripts as Record<string, unknown>).start
      : undefined;
  const m =
    typeof start === 'string' ? /^node((?: --\S+)*) scripts\/start\.mjs$/.exec(start) : null;
  if (!m) throw new Error(`unexpected start script in apps/server/package.json: ${String(start)}`);
  return (m[1] ?? '').split(' ').filter(Boolean);
}

/**
 * Set (empty) so that a developer's .env cannot point the run at MongoDB or a real SMS
 * provider: the server's .env loader never overrides a variable that is already set.
 */
const HERMETIC = {
  MONGODB_URI: '',
  TWILIO_ACCOUNT_SID: '',
  TWILIO_AUTH_TOKEN: '',
  TWILIO_PHONE_NUMBER: '',
  TWILIO_MESSAGING_SERVICE_SID: '',
};

/** Every child still alive, so that no exit path of the runner leaves a server behind. */
const live = new Set<ChildProcess>();
let hooked = false;
function killAllOnExit(): void {
  if (hooked) return;
  hooked = true;
  // 'exit' handlers must be synchronous: kill() only sends the signal, which is enough.
  process.once('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => process.exit(130));
  }
}

/**
 * The real server as a child process, started as `pnpm start` starts it (node
 * scripts/start.mjs, which runs the server in its own process: no wrapper in
 * between, so SIGKILL hits the process that holds the database).
 */
export class ServerProcess {
  private child: ChildProcess | null = null;
  private logTail: string[] = [];

  constructor(
    readonly port: number,
    private readonly env: Record<string, string>,
    private readonly nodeArgs: string[] = [],
  ) {
    killAllOnExit();
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(process.execPath, [...startFlags(), ...this.nodeArgs, serverEntry], {
      cwd: serverDir,
      env: {
        ...process.env,
        ...HERMETIC,
        ...this.env,
        PORT: String(this.port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    live.add(child);
    child.once('exit', () => live.delete(child));
    const keep = (chunk: Buffer) => {
      this.logTail.push(chunk.toString());
      if (this.logTail.length > 50) this.logTail.shift();
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    try {
      await this.waitReady();
    } catch (e) {
      await this.kill();
      throw e;
    }
  }

  /** SIGKILL: no shutdown hooks, no flush; what is not committed is gone. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** Graceful stop (SIGTERM), for the end of the run. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
  }

  recentLog(): string {
    return this.logTail.join('').slice(-4000);
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 60_000;
    const child = this.child;
    while (Date.now() < deadline) {
      if (!child || child.exitCode !== null || child.signalCode !== null) {
        throw new Error(
          `server exited (${child?.exitCode ?? child?.signalCode}):\n${this.recentLog()}`,
        );
      }
      try {
        const res = await fetch(`${this.url}/readyz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`server not ready after 60 s:\n${this.recentLog()}`);
  }
}

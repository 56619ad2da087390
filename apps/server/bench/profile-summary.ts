/**
 * Where the CPU went, from a --cpu-prof profile (BENCH_CPU_PROF=1 pnpm bench):
 *   pnpm --filter @quickpay/server exec tsx bench/profile-summary.ts <file.cpuprofile> [phase]
 * With a phase name of bench-results/latest.json (transfers, ceiling, transfersOpen, ...),
 * only the samples of that phase count. Each sample's time goes to the first frame, from
 * the leaf up, that has a known home: GC, a package in node_modules, a Node core module,
 * or (in the server bundle) the workspace source file esbuild noted above the code.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

interface Node {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [file, phaseName] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [phase]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

/** Bundle line -> the workspace source esbuild put there (its `// path` comments). */
const bundleSources = new Map<string, string[]>();
function bundleSource(url: string, line: number): string {
  let lines = bundleSources.get(url);
  if (!lines) {
    lines = [];
    let current = 'bundle';
    for (const text of readFileSync(new URL(url), 'utf8').split('\n')) {
      const m = /^\/\/ (?:\.\.\/\.\.\/)?((?:packages|src)\/\S+)$/.exec(text);
      if (m?.[1]) current = m[1].replace(/^src\//, 'apps/server/src/');
      lines.push(current);
    }
    bundleSources.set(url, lines);
  }
  const source = lines[line] ?? 'bundle';
  // packages/db/src/sqlite/ledger.ts -> "packages/db sqlite/ledger.ts"
  return source.replace(/^(packages\/\w+|apps\/server)\/src\//, '$1 ');
}

function home(node: Node): string | null {
  const { functionName, url, lineNumber } = node.callFrame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle';
  if (functionName === '(program)') return 'program (native, unattributed)';
  if (!url) return null;
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg?.[1]) return pkg[1];
  if (url.endsWith('/dist/server.mjs')) return bundleSource(url, lineNumber);
  // node:internal/deps/undici/undici -> node:deps/undici (fetch's Request/Response).
  const core = /^node:(?:internal\/)?(deps\/[^/]+|[^/]+)/.exec(url);
  if (core?.[1]) return `node:${core[1].replace(/\.js$/, '')}`;
  const workspace = /\/(packages\/\w+|apps\/server)\/(?:src\/)?(.+)$/.exec(url);
  return workspace ? `${workspace[1]} ${workspace[2]}` : url;
}

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
for (const n of profile.nodes)
  for (const c of n.children ?? []) (byId.get(c) as Node).parent = n.id;
const memo = new Map<number, string>();
function category(id: number): string {
  const cached = memo.get(id);
  if (cached) return cached;
  const node = byId.get(id) as Node;
  const own = home(node);
  const result = own ?? (node.parent === undefined ? 'native (root)' : category(node.parent));
  memo.set(id, result);
  return result;
}

/** The phase's window in ms since the profile started (the process's spawn, within ms). */
function window(): [number, number] {
  if (!phaseName) return [0, Number.POSITIVE_INFINITY];
  const latest = join(dirname(dirname(file as string)), 'latest.json');
  const figures = JSON.parse(readFileSync(latest, 'utf8')) as Record<string, unknown>;
  const phase = figures[phaseName] as { window?: [number, number] } | undefined;
  if (!phase?.window) throw new Error(`no window for phase ${phaseName} in ${latest}`);
  return phase.window;
}

const [from, to] = window();
const totals = new Map<string, number>();
let t = 0;
let busy = 0;
profile.samples.forEach((id, i) => {
  t += (profile.timeDeltas[i] ?? 0) / 1000;
  if (t < from || t > to) return;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  const c = category(id);
  totals.set(c, (totals.get(c) ?? 0) + dt / 1000);
  if (c !== 'idle') busy += dt / 1000;
});
console.log(`${file}${phaseName ? ` (${phaseName})` : ''}: ${Math.round(busy)} ms busy`);
console.log('| where | ms | share of busy |\n|---|---|---|');
for (const [c, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
  if (c === 'idle') continue;
  console.log(`| ${c} | ${Math.round(ms)} | ${((ms / busy) * 100).toFixed(1)}% |`);
}

import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { compressDir, type Sizes } from './compress.ts';

/** The parts of a Rollup output chunk that say what a page load fetches. */
interface ChunkLike {
  type: 'chunk';
  fileName: string;
  imports: string[];
  isEntry: boolean;
  facadeModuleId: string | null;
  viteMetadata?: { importedCss: Set<string> } | undefined;
}
type BundleLike = Record<string, ChunkLike | { type: 'asset' }>;

/** One page's first load: the JS and CSS files a browser fetches to show it. */
export interface FirstLoad {
  page: string;
  files: string[];
}

/** The chunks' files and CSS, following static imports (what the browser preloads). */
function closure(bundle: BundleLike, starts: ChunkLike[]): string[] {
  const files = new Set<string>();
  const visit = (chunk: ChunkLike) => {
    if (files.has(chunk.fileName)) return;
    files.add(chunk.fileName);
    for (const css of chunk.viteMetadata?.importedCss ?? []) files.add(css);
    for (const name of chunk.imports) {
      const next = bundle[name];
      if (next?.type === 'chunk') visit(next);
    }
  };
  for (const c of starts) visit(c);
  return [...files].sort();
}

/**
 * The log-in page loads the entry (and its static imports); the dashboard loads that
 * and the lazily loaded Dashboard page's chunk (src/nav.tsx) with its own imports.
 */
export function firstLoads(bundle: BundleLike): FirstLoad[] {
  const chunks = Object.values(bundle).filter((c): c is ChunkLike => c.type === 'chunk');
  const entries = chunks.filter((c) => c.isEntry);
  const dashboard = chunks.filter((c) =>
    /[\\/]pages[\\/]Dashboard\.tsx$/.test(c.facadeModuleId ?? ''),
  );
  return [
    { page: 'log-in page', files: closure(bundle, entries) },
    { page: 'dashboard', files: closure(bundle, [...entries, ...dashboard]) },
  ];
}

/** Adds up the sizes of a load's files. */
export function total(files: string[], sizes: Map<string, Sizes>): Sizes {
  const sum: Sizes = { raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) {
    const s = sizes.get(f);
    if (!s) throw new Error(`first-load: ${f} is not in the build output`);
    sum.raw += s.raw;
    sum.gzip += s.gzip;
    sum.brotli += s.brotli;
  }
  return sum;
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`.padStart(10);

/** The figures as a small table (printed by the build, recorded in docs/performance.md). */
export function report(loads: FirstLoad[], sizes: Map<string, Sizes>): string {
  const rows = loads.map(({ page, files }) => {
    const t = total(files, sizes);
    return `${page.padEnd(14)}${String(files.length).padStart(6)}${kB(t.raw)}${kB(t.gzip)}${kB(t.brotli)}`;
  });
  return [
    'first load, JS + CSS (as sent: brotli / gzip)',
    `${'page'.padEnd(14)}${'files'.padStart(6)}${'raw'.padStart(10)}${'gzip'.padStart(10)}${'brotli'.padStart(10)}`,
    ...rows,
  ].join('\n');
}

/**
 * After the build: writes .br and .gz copies of every text file (served by
 * apps/server/src/plugins/web.ts) and prints the first-load figures.
 */
export function compressAndReport(): Plugin {
  let outDir = 'dist';
  let loads: FirstLoad[] = [];
  let print: (line: string) => void = console.log;
  return {
    name: 'quickpay-compress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      print = (line) => config.logger.info(line);
    },
    writeBundle(_options, bundle) {
      loads = firstLoads(bundle);
    },
    closeBundle() {
      if (loads.length === 0) return; // the build failed before writing
      print(`\n${report(loads, compressDir(outDir))}`);
    },
  };
}

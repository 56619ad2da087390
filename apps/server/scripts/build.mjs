// Bundles the server and the workspace packages it imports (@quickpay/*, TypeScript
// sources) into dist/, so `pnpm start` runs plain node without tsx's loader thread
// and esbuild service (~40 MB of RSS). Everything from node_modules stays external:
// native addons (better-sqlite3, argon2) cannot be bundled, and the rest is loaded
// as installed. Dynamic imports (the MongoDB store, the Twilio SDK) become separate
// chunks, so they are still only loaded when configured.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outdir = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const declared = new Set([
  ...Object.keys(pkg.dependencies ?? {}),
  ...Object.keys(pkg.devDependencies ?? {}),
]);
const missing = new Set();

/** `@scope/name/sub` -> `@scope/name`; `name/sub` -> `name`. */
const packageName = (spec) =>
  spec
    .split('/')
    .slice(0, spec.startsWith('@') ? 2 : 1)
    .join('/');

const externalDeps = {
  name: 'external-node-modules',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, ({ path }) => {
      if (path.startsWith('node:') || path.startsWith('@quickpay/')) return undefined;
      // Resolved at run time from dist/: the server must depend on it itself.
      if (!declared.has(packageName(path))) missing.add(packageName(path));
      return { path, external: true };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  // The SQLite writer thread's entry: the store finds it as ./sqlite-writer.mjs next to
  // its own chunk (in the sources that name is a loader for writer-thread.ts).
  entryPoints: {
    server: 'src/server.ts',
    'sqlite-writer': '../../packages/db/src/sqlite/writer-thread.ts',
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  plugins: [externalDeps],
});
if (missing.size > 0) {
  console.error(
    `build: add these to apps/server/package.json dependencies: ${[...missing].join(', ')}`,
  );
  process.exit(1);
}
// The launcher compares these sources' times with the bundle's to refuse a stale build.
const inputs = Object.keys(result.metafile.inputs).map((p) => relative(outdir, join(root, p)));
writeFileSync(join(outdir, 'inputs.json'), `${JSON.stringify(inputs)}\n`);
console.log(`build: dist/server.mjs from ${inputs.length} source files`);

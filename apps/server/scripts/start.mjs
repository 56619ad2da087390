// `pnpm start`: runs the esbuild bundle (dist/server.mjs, from `pnpm build`) in this
// same process when it is at least as new as every source it was built from;
// otherwise the TypeScript sources through tsx, so a start without a build (or after
// an edit) still runs the current code. Same process either way: signals (Ctrl-C,
// SIGTERM, SIGKILL in the fault test) reach the process that holds the database.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dist = new URL('../dist/', import.meta.url);
const bundle = new URL('server.mjs', dist);

/** Why the bundle cannot be used, or null when it is current. */
function staleReason() {
  const inputsFile = new URL('inputs.json', dist);
  if (!existsSync(bundle) || !existsSync(inputsFile)) return 'no build';
  const builtAt = statSync(bundle).mtimeMs;
  for (const input of JSON.parse(readFileSync(inputsFile, 'utf8'))) {
    const file = fileURLToPath(new URL(input, dist));
    if (!existsSync(file)) return `${input} is gone`;
    if (statSync(file).mtimeMs > builtAt) return `${input} changed since the build`;
  }
  return null;
}

const reason = process.env.QUICKPAY_NO_BUNDLE === '1' ? 'QUICKPAY_NO_BUNDLE=1' : staleReason();
if (reason === null) {
  await import(bundle.href);
} else {
  if (reason !== 'no build' && reason !== 'QUICKPAY_NO_BUNDLE=1') {
    console.error(`dist/server.mjs is stale (${reason}); running the sources with tsx`);
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/server.ts', import.meta.url).href);
}

import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('..', import.meta.url));

/** Newest modification time under a folder (sources that the bundle is built from). */
function newest(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * The browser test drives the built app (apps/web/dist) as the server serves it.
 * `.ci/run` builds it first; here it is built only when missing or older than src/.
 */
export default async function setup(): Promise<void> {
  const index = join(webRoot, 'dist', 'index.html');
  const sources = Math.max(
    newest(join(webRoot, 'src')),
    newest(join(webRoot, 'public')),
    newest(join(webRoot, 'build')),
    newest(join(webRoot, 'index.html')),
  );
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const { build } = await import('vite');
  // Vitest sets NODE_ENV=test, which would bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: webRoot,
      mode: 'production',
      logLevel: 'warn',
      configFile: join(webRoot, 'vite.config.ts'),
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}

// The writer thread's entry when running from sources (tsx, vitest): writer-thread.ts
// through tsx's loader unless the thread already has one. The server's bundle has its
// own dist/sqlite-writer.mjs (built from writer-thread.ts), found by the same relative URL.
try {
  await import('./writer-thread.ts');
} catch (e) {
  if (e?.code !== 'ERR_UNKNOWN_FILE_EXTENSION') throw e;
  const { register } = await import('tsx/esm/api');
  register();
  await import('./writer-thread.ts?tsx');
}

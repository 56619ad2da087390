import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Files worth compressing: text. Images (PNG) and fonts are compressed already. */
const TEXT = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;

/** Bytes of one file as stored and as sent with each encoding (the file itself if smaller). */
export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

/** brotli at its best (11) and gzip at 9: done once at build time, so the server only reads. */
export function compress(data: Buffer): { br: Buffer; gz: Buffer } {
  return {
    br: brotliCompressSync(data, {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
      },
    }),
    gz: gzipSync(data, { level: 9 }),
  };
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/**
 * Writes `<file>.br` and `<file>.gz` beside every text file under `dir` (the server sends
 * them by Accept-Encoding), each only when smaller than the file. Returns every file's
 * sizes by its path under `dir`, with `/` separators (as in URLs).
 */
export function compressDir(dir: string): Map<string, Sizes> {
  const sizes = new Map<string, Sizes>();
  for (const path of walk(dir)) {
    if (/\.(br|gz)$/.test(path)) continue;
    const data = readFileSync(path);
    const name = relative(dir, path).split(sep).join('/');
    if (!TEXT.test(path)) {
      sizes.set(name, { raw: data.length, gzip: data.length, brotli: data.length });
      continue;
    }
    const { br, gz } = compress(data);
    if (br.length < data.length) writeFileSync(`${path}.br`, br);
    if (gz.length < data.length) writeFileSync(`${path}.gz`, gz);
    sizes.set(name, {
      raw: data.length,
      gzip: Math.min(gz.length, data.length),
      brotli: Math.min(br.length, data.length),
    });
  }
  return sizes;
}

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressDir } from './compress.ts';
import { firstLoads, report, total } from './first-load.ts';

interface Extra {
  isEntry?: boolean;
  facadeModuleId?: string;
  viteMetadata?: { importedCss: Set<string> };
}

const chunk = (fileName: string, imports: string[], extra: Extra = {}) => ({
  type: 'chunk' as const,
  fileName,
  imports,
  isEntry: extra.isEntry ?? false,
  facadeModuleId: extra.facadeModuleId ?? null,
  viteMetadata: extra.viteMetadata,
});

describe('compressDir', () => {
  it('writes brotli and gzip copies beside text files that decompress to the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'quickpay-compress-'));
    try {
      mkdirSync(join(dir, 'assets'));
      const js = `export const a = ${JSON.stringify('quickpay '.repeat(500))};`;
      writeFileSync(join(dir, 'assets', 'index-AbCd1234.js'), js);
      writeFileSync(join(dir, 'tiny.txt'), 'x');
      writeFileSync(join(dir, 'icon.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
      const sizes = compressDir(dir);
      const br = readFileSync(join(dir, 'assets', 'index-AbCd1234.js.br'));
      const gz = readFileSync(join(dir, 'assets', 'index-AbCd1234.js.gz'));
      expect(brotliDecompressSync(br).toString()).toBe(js);
      expect(gunzipSync(gz).toString()).toBe(js);
      expect(sizes.get('assets/index-AbCd1234.js')).toEqual({
        raw: js.length,
        gzip: gz.length,
        brotli: br.length,
      });
      expect(br.length).toBeLessThan(gz.length);
      // Not worth it (larger compressed) or not text: no copies, sent as they are.
      expect(() => readFileSync(join(dir, 'tiny.txt.br'))).toThrow();
      expect(() => readFileSync(join(dir, 'icon.png.gz'))).toThrow();
      expect(sizes.get('tiny.txt')).toEqual({ raw: 1, gzip: 1, brotli: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('firstLoads', () => {
  const bundle = {
    'assets/index-1.js': chunk('assets/index-1.js', ['assets/vendor-2.js'], {
      isEntry: true,
      viteMetadata: { importedCss: new Set(['assets/index-3.css']) },
    }),
    'assets/vendor-2.js': chunk('assets/vendor-2.js', []),
    'assets/Dashboard-4.js': chunk(
      'assets/Dashboard-4.js',
      ['assets/ui-5.js', 'assets/vendor-2.js'],
      {
        facadeModuleId: '/repo/apps/web/src/pages/Dashboard.tsx',
      },
    ),
    'assets/ui-5.js': chunk('assets/ui-5.js', []),
    'assets/Pay-6.js': chunk('assets/Pay-6.js', ['assets/ui-5.js'], {
      facadeModuleId: '/repo/apps/web/src/pages/Pay.tsx',
    }),
    'assets/index-3.css': { type: 'asset' as const },
  };

  it('counts the entry, its static imports and CSS for log-in; adds the dashboard chunk for the dashboard', () => {
    const [login, dashboard] = firstLoads(bundle);
    expect(login?.files).toEqual(['assets/index-1.js', 'assets/index-3.css', 'assets/vendor-2.js']);
    expect(dashboard?.files).toEqual([
      'assets/Dashboard-4.js',
      'assets/index-1.js',
      'assets/index-3.css',
      'assets/ui-5.js',
      'assets/vendor-2.js',
    ]);
  });

  it('adds up and prints the sizes', () => {
    const sizes = new Map(
      ['assets/index-1.js', 'assets/index-3.css', 'assets/vendor-2.js'].map((f) => [
        f,
        { raw: 1000, gzip: 400, brotli: 300 },
      ]),
    );
    const loads = firstLoads(bundle).slice(0, 1);
    expect(total(loads[0]?.files ?? [], sizes)).toEqual({ raw: 3000, gzip: 1200, brotli: 900 });
    expect(report(loads, sizes)).toMatch(/log-in page\s+3\s+3\.0 kB\s+1\.2 kB\s+0\.9 kB/);
    expect(() => total(['assets/missing.js'], sizes)).toThrow(/not in the build output/);
  });
});

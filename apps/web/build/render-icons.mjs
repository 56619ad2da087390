// Renders the PNG icons in public/ from the SVGs with Debian's Chromium (run by hand
// after changing an icon: `node build/render-icons.mjs` in apps/web). The PNGs are committed.
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';

const ICONS = [
  ['public/icon.svg', 192, 'public/icon-192.png'],
  ['public/icon.svg', 512, 'public/icon-512.png'],
  ['build/icon-maskable.svg', 512, 'public/icon-maskable-512.png'],
];

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  for (const [svg, size, out] of ICONS) {
    const markup = readFileSync(svg, 'utf8').replace(
      '<svg ',
      `<svg width="${size}" height="${size}" `,
    );
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<body style="margin:0;background:transparent">${markup}</body>`);
    await page.screenshot({ path: out, omitBackground: true });
    console.log(`${out}: ${size}×${size}`);
  }
} finally {
  await browser.close();
}

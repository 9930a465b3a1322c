/**
 * Renders app/public/icons/icon.svg to the PNG icons the manifest lists (192, 512, and a
 * maskable 512 with the glyph inside the safe zone), with Debian's Chromium. Run it after
 * changing the SVG: `npx tsx scripts/make-icons.ts`; the PNGs are committed.
 */
import { readFileSync } from 'node:fs';
import { launchChromium } from '../tests/support/browser';

const svg = readFileSync('app/public/icons/icon.svg', 'utf8');
const browser = await launchChromium();
const page = await browser.newPage();
for (const [name, size, inset] of [
  ['icon-192.png', 192, 0],
  ['icon-512.png', 512, 0],
  // Maskable: the platform may crop to a circle of 80% diameter; keep the glyph within it.
  ['icon-maskable-512.png', 512, 0.12],
] as const) {
  await page.setViewportSize({ width: size, height: size });
  const glyph = size * (1 - 2 * inset);
  await page.setContent(
    `<body style="margin:0;background:#0017c1;display:grid;place-items:center;width:${size}px;height:${size}px">` +
      `<div style="width:${glyph}px;height:${glyph}px">${svg.replace('<svg ', `<svg width="${glyph}" height="${glyph}" `)}</div></body>`,
  );
  await page.screenshot({ path: `app/public/icons/${name}`, omitBackground: false });
}
await browser.close();

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * WCAG 2.1 AA for the colours the app's stylesheet uses, taken from the design tokens the
 * browser loads: 4.5:1 for text, 3:1 for the focus ring against the page.
 */
const tokens = readFileSync('node_modules/@digital-go-jp/design-tokens/dist/tokens.css', 'utf8');
const css = readFileSync('app/shell/app.css', 'utf8');

function tokenValue(name: string): string {
  const match = new RegExp(`${name}:\\s*(#[0-9a-fA-F]{6})`).exec(tokens);
  if (match?.[1] === undefined) throw new Error(`no token ${name}`);
  return match[1];
}

/** The colour behind one of app.css's own variables (--ink, --paper, ...). */
function appColour(variable: string): string {
  const match = new RegExp(`${variable}:\\s*var\\((--[a-z0-9-]+)\\)`).exec(css);
  if (match?.[1] === undefined) throw new Error(`app.css has no ${variable}`);
  return tokenValue(match[1]);
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('colour contrast (WCAG 2.1 AA)', () => {
  const paper = () => appColour('--paper');
  it.each(['--ink', '--accent', '--ok', '--error', '--muted'])(
    '%s text on the page: ≥ 4.5:1',
    (v) => {
      expect(contrast(appColour(v), paper())).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('white text on the primary button: ≥ 4.5:1', () => {
    expect(contrast(paper(), appColour('--accent'))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(['--color-primitive-yellow-100', '--color-primitive-purple-100'])(
    'text on the %s badges: ≥ 4.5:1',
    (badge) => {
      expect(contrast(appColour('--ink'), tokenValue(badge))).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('the focus ring against the page: ≥ 3:1', () => {
    expect(css).toContain('outline: 4px solid var(--color-neutral-black)');
    expect(contrast(tokenValue('--color-neutral-black'), paper())).toBeGreaterThanOrEqual(3);
  });
});

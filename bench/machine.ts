import { execFileSync, spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';

/** The machine a benchmark ran on, for BENCHMARKS.md: figures mean little without it. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = `${Math.round(totalmem() / 2 ** 30)} GiB`;
  let postgres = 'not installed';
  try {
    postgres = execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim();
  } catch {}
  return `${cpus().length} × ${cpu}, ${memory} RAM, Node ${process.version}, ${postgres}`;
}

/** Replaces (or appends) the section between `<!-- name -->` markers in BENCHMARKS.md. */
export async function writeBenchmarkSection(name: string, markdown: string): Promise<void> {
  const file = new URL('../BENCHMARKS.md', import.meta.url);
  const current = await readFile(file, 'utf8').catch(
    () =>
      '# Benchmarks\n\nEach figure is a ratio against a baseline measured in the same run; the machines are noisy.\n',
  );
  const begin = `<!-- ${name}:begin -->`;
  const end = `<!-- ${name}:end -->`;
  const section = `${begin}\n${markdown.trim()}\n${end}`;
  const pattern = new RegExp(`${begin}[\\s\\S]*?${end}`);
  const next = pattern.test(current)
    ? current.replace(pattern, section)
    : `${current.trimEnd()}\n\n${section}\n`;
  await writeFile(file, next);
  // The tables are written plainly; Biome aligns them as it does every Markdown file we keep.
  spawnSync(fileURLToPath(new URL('../node_modules/.bin/biome', import.meta.url)), [
    'format',
    '--write',
    fileURLToPath(file),
  ]);
}

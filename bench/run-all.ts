/** `npm run bench`: every benchmark in bench/, one after another (each also runs alone). */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const here = new URL('.', import.meta.url).pathname;
const benches = readdirSync(here, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`${here}${entry.name}/run.ts`))
  .map((entry) => entry.name)
  .sort();
let failed = 0;
for (const name of benches) {
  process.stdout.write(`\n== bench/${name}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${here}${name}/run.ts`], {
    stdio: 'inherit',
  });
  if (result.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);

/**
 * Where a signed lookup's time goes: the platform on PostgreSQL (one process, 1,000,000 links)
 * under the same load as bench/platform-lookup, with V8's CPU profiler on; only the measured
 * window is counted. Writes the "platform-lookup-profile" section of BENCHMARKS.md.
 *   npx tsx bench/platform-lookup/profile.ts
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPostgresBin, startTestPostgres } from '../../tests/support/postgres-server';
import { describeMachine, writeBenchmarkSection } from '../machine';
import { makeBenchCards } from './bench-cards';
import { drive, prepare, publicJwk, startServer, WARMUP } from './load';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** What a sample was doing, by its stack (leaf first): the parts of a lookup, in plain words. */
function partOf(stack: string[]): string {
  const leaf = stack[0] ?? '';
  const all = stack.join(' | ');
  if (leaf.startsWith('(idle)')) return 'idle (waiting for PostgreSQL or the network)';
  if (leaf.startsWith('(garbage collector)')) return 'garbage collection';
  if (all.includes('authenticateTerminal')) {
    if (/verifyOneShot/.test(leaf)) return 'terminal signature: ECDSA P-256 verify';
    if (/seenBefore/.test(all)) return 'replay guard (queueing the nonce)';
    return 'terminal signature: headers, signature base, body digest';
  }
  if (/replay-guard/.test(all)) return 'replay guard (the nonce INSERT, per event-loop turn)';
  if (/lookUpByCard/.test(all)) {
    if (/verifyOneShot|crypto\/sig/.test(leaf)) return "card: the CA's RSA signature";
    if (/node_modules\/pg/.test(all)) return 'PostgreSQL client (pg)';
    return "card: reading the certificate's fields, validity, revocation";
  }
  if (/node_modules\/pg(-protocol|-pool)?\//.test(all)) return 'PostgreSQL client (pg)';
  if (/node_modules\/zod/.test(all)) return 'request and response schemas (zod)';
  if (/node_modules\/pino/.test(all)) return 'request log (pino)';
  if (/node_modules\/(fastify|find-my-way|avvio)/.test(all) || /raw-body/.test(all))
    return 'Fastify: routing, hooks, JSON';
  if (
    /writev|stream_base|_http_|node:net|node:internal\/streams/.test(all) ||
    leaf.startsWith('(program)')
  )
    return 'HTTP and sockets (Node)';
  return 'other';
}

function breakdown(profile: Profile, windowMs: number): Array<[string, number]> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  let elapsed = 0;
  const at = profile.timeDeltas.map((delta) => (elapsed += delta));
  const from = elapsed - windowMs * 1000;
  const parts = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    if ((at[i] ?? 0) < from) return;
    const stack: string[] = [];
    for (let node: number | undefined = id; node !== undefined; node = parent.get(node)) {
      const frame = byId.get(node)?.callFrame;
      stack.push(`${frame?.functionName ?? ''} ${frame?.url ?? ''}`);
    }
    const part = partOf(stack);
    parts.set(part, (parts.get(part) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...parts].sort((a, b) => b[1] - a[1]);
}

const bin = findPostgresBin();
if (bin === undefined) throw new Error('PostgreSQL is not installed: apt-get install postgresql');
const postgres = await startTestPostgres(bin);
const profileDir = mkdtempSync(join(tmpdir(), 'mykey-profile-'));
try {
  const made = await makeBenchCards();
  const server = await startServer(['platform', JSON.stringify(publicJwk)], {
    DATABASE_URL: process.env.BENCH_PG_SOCKET ? postgres.socketUrl : postgres.adminUrl,
    BENCH_CARDS_FILE: made.file,
    BENCH_PROFILE_DIR: profileDir,
  });
  await drive(
    server.port,
    await prepare(server.terminalId, WARMUP, made.cards.certificates),
    CONNECTIONS,
  );
  const requests = await prepare(server.terminalId, REQUESTS, made.cards.certificates);
  const result = await drive(server.port, requests, CONNECTIONS);
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
  const [file] = readdirSync(profileDir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort();
  if (file === undefined) throw new Error('the server wrote no profile');
  const profile = JSON.parse(readFileSync(join(profileDir, file), 'utf8')) as Profile;
  const parts = breakdown(profile, result.seconds * 1000);
  const total = parts.reduce((sum, [, us]) => sum + us, 0);
  const perLookup = (us: number) => us / result.requests.total;
  const rate = Math.round(result.requests.total / result.seconds);
  const markdown = [
    '## platform-lookup-profile',
    '',
    `Where a signed lookup's time goes: the platform on PostgreSQL, one process, 1,000,000 links, ${REQUESTS.toLocaleString('en')} signed lookups over ${CONNECTIONS} connections after ${WARMUP.toLocaleString('en')} warm-up ones, V8's CPU profiler on (which slows it somewhat); only the measured window counts. Each sample is put in one part by its stack. Run with \`npx tsx bench/platform-lookup/profile.ts\`.`,
    '',
    `Machine: ${describeMachine()}. Run: ${new Date().toISOString()}. Rate while profiled: ${rate}/s.`,
    '',
    '| part | share of the thread | µs per lookup |',
    '|---|---|---|',
    ...parts.map(
      ([part, us]) =>
        `| ${part} | ${((100 * us) / total).toFixed(1)} % | ${perLookup(us).toFixed(0)} |`,
    ),
  ].join('\n');
  process.stdout.write(`${markdown}\n`);
  await writeBenchmarkSection('platform-lookup-profile', markdown);
} finally {
  postgres.stop();
}

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import { signRequest, type TerminalSigner } from '../../core/http-signature/sign-request';

export const WARMUP = 3_000;

export interface PreparedRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
export const publicJwk = publicKey.export({ format: 'jwk' });

/** The benchmark terminal's signer, with the key whose public half the servers enrol. */
export function benchSigner(terminalId: string): TerminalSigner {
  return {
    terminalId,
    sign: async (base: string) =>
      new Uint8Array(
        sign('sha256', Buffer.from(base), { key: privateKey, dsaEncoding: 'ieee-p1363' }),
      ),
    sha256: async (body: string) => new Uint8Array(createHash('sha256').update(body).digest()),
    randomNonce: () => randomBytes(18).toString('base64url'),
    now: () => Math.floor(Date.now() / 1000),
  };
}

/** Signed ahead of time: each nonce is single-use, and signing must not load the servers' cores. */
export async function prepare(
  terminalId: string,
  count: number,
  certificates: readonly string[],
): Promise<PreparedRequest[]> {
  const signer = benchSigner(terminalId);
  const prepared: PreparedRequest[] = [];
  for (let n = 0; n < count; n += 1) {
    const certificate = certificates[Math.floor(Math.random() * certificates.length)];
    const body = JSON.stringify({ certificate, serviceCode: 'A-a1-0001' });
    const headers = await signRequest(signer, {
      method: 'POST',
      pathAndQuery: '/v1/terminal/lookup',
      body,
    });
    prepared.push({
      method: 'POST',
      path: '/v1/terminal/lookup',
      headers: { ...headers, 'content-type': 'application/json' },
      body,
    });
  }
  return prepared;
}

export async function startServer(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ port: number; terminalId: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      ...(env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${env.BENCH_PROFILE_DIR}`] : []),
      '--import',
      'tsx',
      new URL('./servers.ts', import.meta.url).pathname,
      ...args,
    ],
    {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const { stdout } = child;
  if (stdout === null) throw new Error('server started without a stdout pipe');
  const line = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: stdout });
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { ...(JSON.parse(line) as { port: number; terminalId: string }), child };
}

export async function drive(
  port: number,
  requests: PreparedRequest[],
  connections: number,
  /** Requests per second over all connections, when the load is paced rather than as fast as it goes. */
  rate?: number,
): Promise<autocannon.Result & { seconds: number }> {
  let next = 0;
  let lastResponse = 0;
  const started = performance.now();
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections,
        amount: requests.length,
        ...(rate !== undefined ? { overallRate: rate } : {}),
        requests: [{ setupRequest: () => requests[next++ % requests.length] as never }],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    );
    instance.on('response', () => {
      lastResponse = performance.now();
    });
  });
  // With `amount`, autocannon finishes on its one-second tick, and its own duration is in whole
  // seconds; the time to the last response is the real one.
  return Object.assign(result, { seconds: (lastResponse - started) / 1000 });
}

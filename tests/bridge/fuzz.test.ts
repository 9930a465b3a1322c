import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BUILT_IN_CARD_PROFILES } from '../../bridge/config';
import { loadSimulatedCitizens } from '../../bridge/simulate/simulated-cards';
import { SimulatedReaders } from '../../bridge/simulate/simulated-readers';
import { BRIDGE_PROTOCOL_VERSION, bridgeMessageSchema } from '../../core/bridge/protocol';
import { BRIDGE_ERROR_CODES } from '../../core/errors';
import { APP_ORIGIN, startTestBridge, type TestBridge } from '../support/bridge-harness';
import { reached } from '../support/reach';

const KNOWN_CODES = new Set<string>(BRIDGE_ERROR_CODES);

/** Any JSON, and strings a careless parser trips on (prototype names, NUL, huge numbers). */
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2, depthSize: 'small' }),
  fc.constantFrom(
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    '\u0000',
    '1234',
    'mynumber',
    'service',
    'felica-idm',
    'A'.repeat(400),
    -1,
    1e308,
    300_001,
    0,
  ),
);
/** A well-formed request of each type, with values a careless bridge would mishandle. */
const validRequestArb = fc.oneof(
  fc.record({ type: fc.constant('hello'), token: fc.string({ maxLength: 40, size: 'max' }) }),
  fc.record({ type: fc.constant('pair.begin') }),
  fc.record({ type: fc.constant('pair.confirm'), code: fc.stringMatching(/^\d{6}$/) }),
  fc.record({ type: fc.constant('status') }),
  fc.record({
    type: fc.constantFrom('mynumber.read', 'mynumber.pinTriesLeft'),
    waitMs: fc.constantFrom(0, 5),
  }),
  fc.record({
    type: fc.constant('mynumber.sign'),
    challenge: fc.stringMatching(/^[A-Za-z0-9_-]{22,60}$/),
    pin: fc.stringMatching(/^\d{4}$/),
    waitMs: fc.constant(0),
  }),
  // Weighted so that reads under a built-in profile, and under other names, both come often.
  {
    weight: 3,
    arbitrary: fc.record(
      {
        type: fc.constant('service.read'),
        profile: fc.oneof(
          fc.constantFrom(...Object.keys(BUILT_IN_CARD_PROFILES)),
          fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'nope'),
        ),
        waitMs: fc.constant(0),
      },
      { requiredKeys: ['type', 'waitMs'] },
    ),
  },
  fc.record({
    type: fc.constant('simulate.place'),
    card: fc.constantFrom('mynumber', 'service'),
    citizen: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ type: fc.constant('simulate.remove') }),
);
/** Those requests as they are, with one field spoiled or one added, or any JSON or text at all. */
const frameArb = fc.oneof(
  validRequestArb.map((request) => JSON.stringify({ v: BRIDGE_PROTOCOL_VERSION, ...request })),
  fc
    .tuple(
      validRequestArb,
      fc.constantFrom(
        'type',
        'token',
        'code',
        'challenge',
        'pin',
        'profile',
        'card',
        'waitMs',
        'extra',
        'v',
      ),
      hostileValue,
    )
    .map(([request, key, value]) =>
      JSON.stringify({ v: BRIDGE_PROTOCOL_VERSION, ...request, [key]: value }),
    ),
  fc.jsonValue({ maxDepth: 3, depthSize: 'small' }).map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 200, size: 'max' }),
);

describe('the bridge under random and malformed messages', () => {
  let bridge: TestBridge;
  let socket: WebSocket;
  /** Answers (results and errors) in the order they came; events are left out. */
  const answers: unknown[] = [];

  /** Frames are sent one at a time, and each gets exactly one answer: the next one to arrive. */
  const sendAndWait = (frame: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const index = answers.length;
      const deadline = Date.now() + 10_000;
      socket.send(frame);
      const look = () => {
        if (answers.length > index) return resolve(answers[index]);
        if (Date.now() > deadline) return reject(new Error(`no answer to ${frame}`));
        setTimeout(look, 2);
      };
      look();
    });

  beforeAll(async () => {
    const [first, ...others] = await loadSimulatedCitizens(
      mkdtempSync(join(tmpdir(), 'mykey-fuzz-')),
    );
    if (first === undefined) throw new Error('no simulated citizens');
    const simulator = new SimulatedReaders(first, others);
    bridge = await startTestBridge(simulator, { simulator });
    socket = new WebSocket(bridge.url, { origin: APP_ORIGIN });
    await new Promise((resolve) => socket.once('open', resolve));
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as { type: string; id?: string | null };
      // Whatever came in, what goes out keeps to the protocol's own schema.
      expect(bridgeMessageSchema.safeParse(message).success, data.toString()).toBe(true);
      if (message.type !== 'event') answers.push(message);
    });
    const ask = (body: object, id: string) =>
      sendAndWait(JSON.stringify({ v: BRIDGE_PROTOCOL_VERSION, id, ...body }));
    await ask({ type: 'pair.begin' }, 'begin');
    await ask({ type: 'pair.confirm', code: bridge.lastCode() }, 'confirm');
  });
  afterAll(async () => {
    socket.close();
    await bridge.close();
  });

  it('answers every frame with a result or a known code, never INTERNAL_ERROR, and stays up', async () => {
    let counter = 0;
    const tally = new Map<string, number>();
    const profiles = Object.keys(BUILT_IN_CARD_PROFILES);
    const reach = reached({
      answered: 400,
      'a service read under a built-in profile': 8,
      'a service read under another name': 8,
    });
    await fc.assert(
      fc.asyncProperty(frameArb, async (frame) => {
        const id = `f${counter++}`;
        // Give each structured frame an id of ours (where it is an object), so its answer is found.
        let text = frame;
        try {
          const parsed = JSON.parse(frame) as unknown;
          if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
            text = JSON.stringify({ ...parsed, id });
        } catch {}
        const reply = (await sendAndWait(text)) as
          | { type: 'result'; id: string }
          | { type: 'error'; id: string | null; error: { code: string } };
        reach.hit('answered');
        if (reply.id !== null) expect(reply.id, text).toBe(id);
        let sent: { type?: unknown; profile?: unknown } = {};
        try {
          sent = (JSON.parse(text) as typeof sent | null) ?? {};
        } catch {}
        if (sent.type === 'service.read' && typeof sent.profile === 'string')
          reach.hit(
            profiles.includes(sent.profile)
              ? 'a service read under a built-in profile'
              : 'a service read under another name',
          );
        if (reply.type === 'error') {
          expect(KNOWN_CODES.has(reply.error.code), text).toBe(true);
          expect(reply.error.code, text).not.toBe('INTERNAL_ERROR');
          tally.set(reply.error.code, (tally.get(reply.error.code) ?? 0) + 1);
        } else {
          tally.set('result', (tally.get('result') ?? 0) + 1);
          // A profile read only ever succeeds under a profile the bridge really has.
          if (sent.type === 'service.read' && sent.profile !== undefined)
            expect(profiles, text).toContain(sent.profile);
        }
      }),
      { numRuns: 400 },
    );
    reach.check();
    // Not vacuous: many frames got past validation to the card service and the simulator.
    expect(tally.get('result') ?? 0).toBeGreaterThan(20);
    expect(tally.get('VALIDATION_FAILED') ?? 0).toBeGreaterThan(20);
    const status = (await sendAndWait(
      JSON.stringify({ v: BRIDGE_PROTOCOL_VERSION, id: 'after', type: 'status' }),
    )) as { type: string };
    expect(status.type).toBe('result');
  }, 120_000);
});

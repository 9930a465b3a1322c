import { afterAll, beforeAll } from 'vitest';
import { createTestCa, type TestCa } from '../../bridge/simulate/jpki-like-ca';
import type { DatabaseKind } from './databases';
import {
  type RegisteredCard,
  registerNewCard,
  registerNewMyKeyId,
  startTestPlatform,
  type TestPlatform,
} from './platform-harness';
import type { TerminalClient } from './terminal-client';

/**
 * A value made in `beforeAll`, usable as a plain constant in the suite's body: every property
 * read and method call goes to the value once it exists (methods bound to it, so classes with
 * private fields work). Reading it before `beforeAll` has run is a mistake, and says so.
 */
function late<T extends object>(what: string, get: () => T | undefined): T {
  const target = () => {
    const value = get();
    if (value === undefined) throw new Error(`${what} is made in beforeAll; use it inside a test`);
    return value;
  };
  return new Proxy({} as T, {
    get(_, property) {
      const value = target();
      const member = Reflect.get(value, property, value);
      return typeof member === 'function' ? member.bind(value) : member;
    },
  });
}

export interface PlatformSuite<Names extends string> {
  platform: TestPlatform;
  /** A test JPKI CA the platform trusts, for citizens' certificates. */
  ca: TestCa;
  /** The suite's enrolled terminals, by the names it gave them. */
  terminals: Record<Names, TerminalClient>;
  /** A citizen with a registered default My Key ID (registered at `terminal`); returns the ID. */
  registeredCitizen(terminal: TerminalClient): Promise<string>;
  /** The same, with the card's certificate and key (a lookup sends the certificate). */
  registeredCard(
    terminal: TerminalClient,
    validity?: { notBefore?: Date },
  ): Promise<RegisteredCard>;
}

/**
 * What every platform suite starts with, made once per database kind (inside
 * `describe.each(databaseKinds())`): a real platform, a test CA it trusts, and terminals enrolled
 * for the providers named, e.g. `platformSuite(kind, { shop: 'a1', library: 'beta1' })`.
 */
export function platformSuite<Names extends string>(
  kind: DatabaseKind,
  terminals: Record<Names, string>,
  env: NodeJS.ProcessEnv = {},
  options: { today?: () => string } = {},
): PlatformSuite<Names> {
  let platform: TestPlatform | undefined;
  let ca: TestCa | undefined;
  const enrolled = new Map<Names, TerminalClient>();
  beforeAll(async () => {
    platform = await startTestPlatform(kind, env, options);
    ca = await createTestCa();
    platform.trustCa(ca);
    for (const [name, providerCode] of Object.entries(terminals) as Array<[Names, string]>)
      enrolled.set(name, await platform.terminal(providerCode));
  });
  afterAll(() => platform?.close());
  const lateCa = late('the test CA', () => ca);
  return {
    platform: late('the platform', () => platform),
    ca: lateCa,
    terminals: Object.fromEntries(
      Object.keys(terminals).map((name) => [
        name,
        late(`terminal ${name}`, () => enrolled.get(name as Names)),
      ]),
    ) as Record<Names, TerminalClient>,
    registeredCitizen: (terminal) => registerNewMyKeyId(terminal, lateCa),
    registeredCard: (terminal, validity) => registerNewCard(terminal, lateCa, validity),
  };
}

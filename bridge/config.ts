import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type CardProfiles, cardProfilesSchema } from '../core/bridge/card-profiles';

export type ReaderMode = 'auto' | 'pcsc' | 'simulate';

export interface BridgeConfig {
  mode: ReaderMode;
  port: number;
  allowedOrigins: string[];
  dataDir: string;
  cardProfiles: CardProfiles;
}

export const DEFAULT_BRIDGE_PORT = 8789;

/**
 * The app's own origins: served by the platform (8787) or by Vite while developing (5173) and
 * previewing (4173). A deployment lists its app's origin in MYKEY_BRIDGE_ORIGINS.
 */
export const DEFAULT_ORIGINS = [8787, 5173, 4173].flatMap((port) => [
  `http://127.0.0.1:${port}`,
  `http://localhost:${port}`,
]);

/** Profiles every bridge knows; a deployment adds its own in card-profiles.json. */
export const BUILT_IN_CARD_PROFILES: CardProfiles = cardProfilesSchema.parse({
  'felica-idm': {
    technologies: ['FeliCa'],
    description: 'FeliCa IDm, 16 hex digits (many point and facility cards)',
  },
  'mifare-uid-decimal': {
    technologies: ['ISO14443A'],
    encoding: 'decimal-reversed',
    padTo: 10,
    description: 'MIFARE UID as the 10-digit decimal many desk readers type',
  },
});

export class ConfigError extends Error {}

function port(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BRIDGE_PORT;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new ConfigError(`ポート番号が正しくありません / not a port: ${text}`);
  return value;
}

async function loadProfiles(file: string, required: boolean): Promise<CardProfiles> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    if (required)
      throw new ConfigError(`カードプロファイルを読めません / cannot read card profiles: ${file}`);
    return {};
  }
  const parsed = cardProfilesSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new ConfigError(
      `カードプロファイルの形式が正しくありません / card profiles are not valid (${file}): ${parsed.error.message}`,
    );
  return parsed.data;
}

/** Flags win over environment variables, which win over the defaults. */
export async function readBridgeConfig(
  argv: string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): Promise<BridgeConfig> {
  const { values } = parseArgs({
    args: argv,
    options: {
      simulate: { type: 'boolean' },
      pcsc: { type: 'boolean' },
      port: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'data-dir': { type: 'string' },
      'card-profiles': { type: 'string' },
    },
  });
  if (values.simulate && values.pcsc)
    throw new ConfigError('--simulate と --pcsc は同時に指定できません / choose one');
  const envMode = env.MYKEY_BRIDGE_MODE;
  if (envMode !== undefined && !['auto', 'pcsc', 'simulate'].includes(envMode))
    throw new ConfigError(`MYKEY_BRIDGE_MODE は auto, pcsc, simulate のいずれか / got ${envMode}`);
  const mode: ReaderMode = values.simulate
    ? 'simulate'
    : values.pcsc
      ? 'pcsc'
      : ((envMode as ReaderMode | undefined) ?? 'auto');
  const dataDir = values['data-dir'] ?? env.MYKEY_BRIDGE_DATA_DIR ?? '.data/bridge';
  const profilesFile = values['card-profiles'] ?? env.MYKEY_BRIDGE_CARD_PROFILES;
  const origins =
    values.origin ??
    env.MYKEY_BRIDGE_ORIGINS?.split(',')
      .map((o) => o.trim())
      .filter((o) => o !== '') ??
    DEFAULT_ORIGINS;
  for (const origin of origins) {
    if (!/^https?:\/\/[^/]+$/.test(origin))
      throw new ConfigError(`オリジンの形式が正しくありません / not an origin: ${origin}`);
  }
  return {
    mode,
    port: port(values.port ?? env.MYKEY_BRIDGE_PORT),
    allowedOrigins: origins,
    dataDir,
    cardProfiles: {
      ...BUILT_IN_CARD_PROFILES,
      ...(await loadProfiles(
        profilesFile ?? join(dataDir, 'card-profiles.json'),
        profilesFile !== undefined,
      )),
    },
  };
}

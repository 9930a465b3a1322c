import { args, type Command, UsageError, unwrap } from '../command';

const pinLine = (on: boolean) =>
  on
    ? '連携時に暗証番号を確認します / linking needs the PIN'
    : '連携時の暗証番号確認なし / linking needs no PIN';

/** The catalogue: municipalities, providers and their services, and the platform's counts. */
export const CATALOGUE_COMMANDS: Command[] = [
  {
    words: ['municipality', 'add'],
    usage: 'municipality add <code> <name>',
    help: '市区町村を登録 / add a municipality',
    async run({ registry }, rest) {
      const [code = '', name = ''] = args(rest, 2);
      const m = unwrap(await registry.addMunicipality({ code, name }));
      return { text: `市区町村を登録しました / added municipality ${m.code} ${m.name}`, json: m };
    },
  },
  {
    words: ['provider', 'add'],
    usage: 'provider add <code> <municipality> <name>',
    help: 'サービス事業者を登録 / add a provider',
    async run({ registry }, rest) {
      const [code = '', municipalityCode = '', name = ''] = args(rest, 3);
      const p = unwrap(await registry.addProvider({ code, municipalityCode, name }));
      return { text: `サービス事業者を登録しました / added provider ${p.code} ${p.name}`, json: p };
    },
  },
  {
    words: ['service', 'add'],
    usage: 'service add <code> <provider> <name>',
    help: 'サービスを登録 (code 例: A-a1-0002) / add a service',
    async run({ registry }, rest) {
      const [code = '', providerCode = '', name = ''] = args(rest, 3);
      const s = unwrap(await registry.addService({ code, providerCode, name }));
      return {
        text: `サービスを登録しました / added service ${s.code} ${s.name} (${pinLine(s.linkNeedsPin)})`,
        json: s,
      };
    },
  },
  {
    words: ['service', 'pin'],
    usage: 'service pin <code> on|off',
    help: "連携時の暗証番号確認 (既定 on) / whether linking needs the holder's PIN",
    async run({ registry }, rest) {
      const [code = '', setting = ''] = args(rest, 2);
      if (setting !== 'on' && setting !== 'off') throw new UsageError();
      const s = unwrap(await registry.setLinkNeedsPin(code, setting === 'on'));
      return { text: `${s.code} ${s.name}: ${pinLine(s.linkNeedsPin)}`, json: s };
    },
  },
  {
    words: ['catalogue'],
    usage: 'catalogue',
    help: '事業者とサービスの一覧 / list providers and services',
    async run({ registry }, rest) {
      args(rest, 0);
      const c = unwrap(await registry.catalogue());
      const lines = c.providers.flatMap((p) => [
        `${p.municipalityCode}  ${p.code}  ${p.name}`,
        ...c.services
          .filter((s) => s.providerCode === p.code)
          .map((s) => `    ${s.code}  ${s.name}${s.linkNeedsPin ? '  [暗証番号 / PIN]' : ''}`),
      ]);
      return { text: lines.join('\n'), json: c };
    },
  },
  {
    words: ['stats'],
    usage: 'stats',
    help: '件数 / counts',
    async run({ registry }, rest) {
      args(rest, 0);
      const s = unwrap(await registry.stats());
      return {
        text: [
          `市区町村 ${s.municipalities} / 事業者 ${s.providers} / サービス ${s.services}`,
          `端末 / terminals: 登録済 enrolled ${s.terminals.enrolled}, 未登録 pending ${s.terminals.pending}, 停止 revoked ${s.terminals.revoked}`,
          `マイキーID: 既定 default ${s.myKeyIds.default}, 本人設定 custom ${s.myKeyIds.custom}, 仮登録 reserved ${s.myKeyIds.reserved}`,
          `サービスID連携 / links: ${s.links}`,
        ].join('\n'),
        json: s,
      };
    },
  },
];

import { args, argsBetween, type Command, unwrap } from '../command';

/** Terminals: made for a provider, enrolled with a one-time code, revoked at once. */
export const TERMINAL_COMMANDS: Command[] = [
  {
    words: ['terminal', 'add'],
    usage: 'terminal add <provider> <name>',
    help: '端末を作成し登録コードを表示 / add a terminal, print its enrolment code',
    async run({ registry }, rest) {
      const [providerCode = '', name = ''] = args(rest, 2);
      const t = unwrap(await registry.addTerminal({ providerCode, name }));
      return {
        text: [
          `端末を作成しました / terminal created: ${t.terminalId}`,
          `登録コード / enrolment code: ${t.enrolmentCode}   (有効期限 / expires ${t.enrolmentExpiresAt})`,
          '端末の設定画面でこのコードを入力してください。コードは一度だけ表示されます。',
          'Type this code on the terminal’s setup screen; it is shown only once.',
        ].join('\n'),
        json: t,
      };
    },
  },
  {
    words: ['terminal', 'code'],
    usage: 'terminal code <terminalId>',
    help: '登録コードを再発行 / new enrolment code',
    async run({ registry }, rest) {
      const [terminalId = ''] = args(rest, 1);
      const t = unwrap(await registry.newEnrolmentCode(terminalId));
      return { text: `新しい登録コード / new enrolment code: ${t.enrolmentCode}`, json: t };
    },
  },
  {
    words: ['terminal', 'revoke'],
    usage: 'terminal revoke <terminalId>',
    help: '端末を利用停止 / revoke a terminal',
    async run({ registry }, rest) {
      const [terminalId = ''] = args(rest, 1);
      unwrap(await registry.revokeTerminal(terminalId));
      return {
        text: `端末を利用停止しました / revoked ${terminalId}`,
        json: { terminalId, revoked: true },
      };
    },
  },
  {
    words: ['terminal', 'list'],
    usage: 'terminal list [provider]',
    help: '端末一覧 / list terminals',
    async run({ registry }, rest) {
      const [provider] = argsBetween(rest, 0, 1);
      const terminals = unwrap(await registry.terminals(provider));
      const lines = terminals.map(
        (t) => `${t.id}  ${t.providerCode}  ${t.state.padEnd(8)}  ${t.name}`,
      );
      return {
        text: lines.length > 0 ? lines.join('\n') : '端末はありません / no terminals',
        json: terminals,
      };
    },
  },
];

import type { Language } from '../../core/error-messages';
import { type SharedKey, sentenceBook } from '../sentences/messages';

/**
 * 端末設定's sentences, loaded with that screen: a counter that is set up does not download them
 * on every start.
 */
export const SETUP_SENTENCES = {
  enrolTitle: { ja: 'この端末を登録する', en: 'Enrol this terminal' },
  enrolmentCode: {
    ja: '登録コード(管理者から受け取ったもの)',
    en: 'Enrolment code (from your administrator)',
  },
  enrol: { ja: '登録', en: 'Enrol' },
  enrolled: { ja: '登録済みの端末です', en: 'This terminal is enrolled' },
  enrolDone: {
    ja: 'この端末を登録しました。',
    en: 'This terminal is now enrolled.',
  },
  reenrolNeeded: {
    ja: 'プラットフォームがこの端末を受け付けません(登録の取り消しなど)。管理者から新しい登録コードを受け取り、登録し直してください。送信待ちの登録はそのまま送られます。',
    en: 'The platform no longer accepts this terminal (it may have been revoked). Get a new enrolment code from the administrator and enrol again; the queued registrations are kept and sent.',
  },
  nextEnrol: {
    ja: '次にすること: 管理者から受け取った登録コードを入力し、【登録】を押してください。',
    en: 'Next: type the enrolment code from the administrator and press Enrol.',
  },
  nextService: {
    ja: '次にすること: この端末で受け付けるサービスを選んでください。',
    en: 'Next: choose the service this terminal serves.',
  },
  nextAllowBridge: {
    ja: '次にすること: ブラウザがカードブリッジへの接続を止めています。上の案内のとおり「ローカル ネットワーク アクセス」を許可し、再読み込みしてください。',
    en: 'Next: the browser blocks the card bridge; allow “Local network access” as shown above, then reload.',
  },
  nextBridge: {
    ja: '次にすること: このパソコンでカードブリッジを起動してください。',
    en: 'Next: start the card bridge on this PC.',
  },
  nextBridgeVersion: {
    ja: '次にすること: このパソコンのカードブリッジ(プロトコル版 {bridge})は、このアプリ(プロトコル版 {app})と話せません。このアプリと同じリリースのカードブリッジを入れて起動し直してください。',
    en: 'Next: the card bridge on this PC (protocol {bridge}) cannot talk to this app (protocol {app}); install the card bridge of the same release as this app and start it again.',
  },
  nextPair: {
    ja: '次にすること: 【ペアリングを始める】を押し、カードブリッジに表示された6桁のコードを入力してください。',
    en: 'Next: press Start pairing and type the six-digit code the card bridge shows.',
  },
  nextReady: {
    ja: '準備ができました。「サービスID登録」か「照会」で受付を始められます。',
    en: 'Ready: start at Register or Look up.',
  },
  advancedSettings: {
    ja: '詳細設定(業務システム連携・端末情報)',
    en: 'Advanced (business system, terminal details)',
  },
  terminalIdLabel: { ja: '端末ID', en: 'Terminal ID' },
  readerRolesTitle: { ja: 'どのカードリーダーで読むか', en: 'Which reader reads which card' },
  readerForMyNumber: { ja: 'マイナンバーカード', en: 'My Number card' },
  readerForService: { ja: 'サービスのカード', en: 'Service cards' },
  readerAny: { ja: 'どのリーダーでも', en: 'Any reader' },
  readerUnplugged: { ja: '接続されていません', en: 'unplugged' },
  bridgeVersionLabel: { ja: 'カードブリッジの版', en: 'Card bridge version' },
  bridgeProtocolLabel: { ja: 'プロトコル版', en: 'protocol' },
  bridgePort: {
    ja: 'カードブリッジのポート(このパソコンの 127.0.0.1、ふつうは 8789)',
    en: 'Card bridge port (on this PC, 127.0.0.1; normally 8789)',
  },
  bridgePortSave: { ja: 'このポートにつなぐ', en: 'Connect to this port' },
  bridgePortInvalid: {
    ja: '1から65535までの数字で入力してください。',
    en: 'Enter a number from 1 to 65535.',
  },
  serviceTitle: { ja: 'この端末で受け付けるサービス', en: 'The service this terminal serves' },
  bridgeTitle: { ja: 'カードブリッジ', en: 'Card bridge' },
  bridgeConnecting: { ja: '接続しています…', en: 'Connecting…' },
  bridgeReady: { ja: '接続済み', en: 'Connected' },
  pairStart: { ja: 'ペアリングを始める', en: 'Start pairing' },
  pairCode: { ja: 'ブリッジに表示された6桁のコード', en: 'The 6-digit code the bridge shows' },
  pairConfirm: { ja: 'ペアリング', en: 'Pair' },
  handoverUrl: {
    ja: '業務システムを開くURL({serviceId} がサービスIDに置き換わります)',
    en: 'URL of the business system ({serviceId} becomes the service ID)',
  },
  handoverUrlInvalid: {
    ja: 'http:// か https:// で始まり、{serviceId} を含むURLを入力してください。今の設定では「業務システムで開く」は表示されません。',
    en: 'Enter a URL that starts with http:// or https:// and contains {serviceId}; until then no “Open” link is shown.',
  },
  handoverParentInvalid: {
    ja: 'https://library.example.jp のように、パスを付けずにオリジンだけを入力してください。今の設定では「業務システムへ渡す」は表示されません。',
    en: 'Enter only the origin, such as https://library.example.jp, without a path; until then no “Hand to” button is shown.',
  },
  handoverParent: {
    ja: 'この画面を埋め込む業務システムのオリジン(postMessage の宛先)',
    en: 'Origin of the business system that embeds this app (postMessage target)',
  },
} as const satisfies Record<string, Record<Language, string>>;

/** This feature's sentences with the shared ones. */
export const sentences = sentenceBook(SETUP_SENTENCES);
export const { ui, uiMarked } = sentences;
export type SetupKey = Extract<keyof typeof SETUP_SENTENCES, string> | SharedKey;

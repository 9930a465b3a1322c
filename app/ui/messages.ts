import { ERROR_MESSAGES, type Language } from '../../core/error-messages';

/** The app's own sentences (error codes' sentences come from core/error-messages.ts). */
const UI = {
  appName: { ja: 'マイキー受付', en: 'MyKey Reception' },
  language: { ja: 'English', en: '日本語' },
  tabRegister: { ja: 'サービスID登録', en: 'Register' },
  tabLookup: { ja: '照会', en: 'Look up' },
  tabQueue: { ja: '送信待ち', en: 'Queue' },
  tabSetup: { ja: '端末設定', en: 'Setup' },
  simulated: { ja: '模擬カードリーダー(テスト用)', en: 'Simulated reader (testing)' },
  step1: { ja: '① マイナンバーカードをかざしてください', en: '① Place the My Number card' },
  step2: { ja: '② サービスのカードをかざしてください', en: "② Place the service's card" },
  step3: { ja: '③ 内容を確認して登録してください', en: '③ Check and register' },
  read: { ja: '読取', en: 'Read' },
  register: { ja: '登録', en: 'Register' },
  again: { ja: '最初から', en: 'Start over' },
  myKeyId: { ja: 'マイキーID', en: 'My Key ID' },
  serviceId: { ja: 'サービスID', en: 'Service ID' },
  typeServiceId: {
    ja: 'サービスIDを入力(バーコードリーダー可)',
    en: 'Type the service ID (or scan)',
  },
  useTyped: { ja: 'この番号を使う', en: 'Use this number' },
  readCamera: { ja: 'カメラでバーコードを読む', en: 'Scan the barcode with the camera' },
  readNfc: { ja: 'この端末のNFCで読む', en: "Read with this tablet's NFC" },
  registered: { ja: '正常に登録されました。', en: 'Registered.' },
  alreadyRegistered: {
    ja: '正常に登録されました(登録済みの内容です)。',
    en: 'Registered (it was already).',
  },
  accepted: { ja: '受け付けました。送信しています…', en: 'Accepted; sending…' },
  queuedOffline: {
    ja: '受け付けました。ネットワークにつながらないため送信待ちです。接続が戻ると自動で送信します。',
    en: 'Accepted. The network is down, so it waits in the queue and is sent automatically.',
  },
  lookupPrompt: { ja: 'マイナンバーカードをかざしてください', en: 'Place the My Number card' },
  lookupFound: { ja: 'このサービスのサービスID', en: "This service's service ID" },
  lookupOffline: {
    ja: '照会にはネットワーク接続が必要です。接続を確認してください。',
    en: 'Looking up needs the network; check the connection.',
  },
  noService: {
    ja: '端末設定で、この端末のサービスを選んでください。',
    en: 'Choose this terminal’s service in Setup first.',
  },
  placeSimulated: { ja: '模擬カードを置く', en: 'Place a simulated card' },
  simMyNumber: { ja: 'マイナンバーカード', en: 'My Number card' },
  simService: { ja: 'サービスカード', en: 'Service card' },
  copy: { ja: 'コピー', en: 'Copy' },
  copied: { ja: 'コピーしました', en: 'Copied' },
  openSystem: { ja: '業務システムで開く', en: 'Open in the business system' },
  sendToParent: { ja: '業務システムへ渡す', en: 'Hand to the business system' },
  offline: { ja: 'オフライン', en: 'Offline' },
  platformUnreachable: {
    ja: 'プラットフォームに接続できません。自動で再送します',
    en: 'The platform is unreachable; sending again automatically',
  },
  pending: { ja: '送信待ち', en: 'Waiting to send' },
  oldest: { ja: '最も古いもの', en: 'Oldest' },
  lastSync: { ja: '最後に送信できた時刻', en: 'Last successful send' },
  never: { ja: 'まだありません', en: 'never' },
  sendNow: { ja: '今すぐ送信', en: 'Send now' },
  rejectedTitle: { ja: '登録できなかったもの(確認してください)', en: 'Refused (please check)' },
  acknowledge: { ja: '確認しました', en: 'Acknowledge' },
  persistGranted: { ja: 'データの保存: 永続化されています', en: 'Storage: persistent' },
  persistDenied: {
    ja: 'データの保存: 永続化されていません(ブラウザが消す場合があります)',
    en: 'Storage: not persistent (the browser may clear it)',
  },
  enrolTitle: { ja: 'この端末を登録する', en: 'Enrol this terminal' },
  enrolmentCode: {
    ja: '登録コード(管理者から受け取ったもの)',
    en: 'Enrolment code (from your administrator)',
  },
  enrol: { ja: '登録', en: 'Enrol' },
  enrolled: { ja: '登録済みの端末です', en: 'This terminal is enrolled' },
  serviceTitle: { ja: 'この端末で受け付けるサービス', en: 'The service this terminal serves' },
  bridgeTitle: { ja: 'カードブリッジ', en: 'Card bridge' },
  bridgeUnreachable: {
    ja: 'カードブリッジに接続できません。ブリッジを起動してください。',
    en: 'The card bridge is not reachable; start it.',
  },
  bridgeConnecting: { ja: '接続しています…', en: 'Connecting…' },
  bridgeReady: { ja: '接続済み', en: 'Connected' },
  pairStart: { ja: 'ペアリングを始める', en: 'Start pairing' },
  pairCode: { ja: 'ブリッジに表示された6桁のコード', en: 'The 6-digit code the bridge shows' },
  pairConfirm: { ja: 'ペアリング', en: 'Pair' },
  updateReady: {
    ja: '新しいバージョンがあります。送信待ちがなくなったら更新できます。',
    en: 'A new version is ready; update when the queue is empty.',
  },
  update: { ja: '更新する', en: 'Update' },
  handoverUrl: {
    ja: '業務システムを開くURL({serviceId} がサービスIDに置き換わります)',
    en: 'URL of the business system ({serviceId} becomes the service ID)',
  },
  handoverParent: {
    ja: 'この画面を埋め込む業務システムのオリジン(postMessage の宛先)',
    en: 'Origin of the business system that embeds this app (postMessage target)',
  },
} as const satisfies Record<string, Record<Language, string>>;

export type UiKey = keyof typeof UI;

export function ui(key: UiKey, language: Language): string {
  return UI[key][language];
}

/** A code from the platform, the bridge or the app itself, as a sentence. */
export function sentenceFor(code: string, language: Language): string {
  const known = (ERROR_MESSAGES as Record<string, Record<Language, string>>)[code];
  if (known !== undefined) return known[language];
  if (code === 'BRIDGE_UNREACHABLE') return UI.bridgeUnreachable[language];
  return language === 'ja' ? `エラーが起きました(${code})` : `Something went wrong (${code})`;
}

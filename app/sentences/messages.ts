import { errorMessage, type Language } from '../../core/error-messages';
import { isKnownErrorCode } from '../../core/errors';
import { withoutRuby } from './reading-marks';

/**
 * The app's own sentences (error codes' sentences come from core/error-messages.ts); the kiosk's
 * and the window's are in kiosk-sentences.ts. Kiosk sentences mark hard words with their
 * readings, `{漢字|かんじ}` (see reading-marks.ts).
 */
export const SHARED_SENTENCES = {
  appName: { ja: 'マイキー受付', en: 'MyKey Reception' },
  language: { ja: 'English', en: '日本語' },
  tabRegister: { ja: 'サービスID登録', en: 'Register' },
  tabLookup: { ja: '照会', en: 'Look up' },
  tabQueue: { ja: '送信待ち', en: 'Queue' },
  tabSetup: { ja: '端末設定', en: 'Setup' },
  tabPoints: { ja: 'ポイント', en: 'Points' },
  tabAnalytics: { ja: '集計', en: 'Figures' },
  queuedAwardPurchase: {
    ja: 'ポイント付与(お買い上げ {yen}円)',
    en: 'points for a {yen} yen purchase',
  },
  queuedAwardActivity: {
    ja: 'ポイント付与(活動 {activity})',
    en: 'points for activity {activity}',
  },
  simulated: { ja: '模擬カードリーダー(テスト用)', en: 'Simulated reader (testing)' },
  step1: { ja: '① マイナンバーカードをかざしてください', en: '① Place the My Number card' },
  step2: { ja: '② サービスのカードをかざしてください', en: "② Place the service's card" },
  step3: { ja: '③ 内容を確認して登録してください', en: '③ Check and register' },
  read: { ja: '読取', en: 'Read' },
  cancelRead: { ja: '読み取りを取り消す', en: 'Cancel the read' },
  linkPinAsk: {
    ja: 'このサービスの連携には、ご本人による暗証番号(利用者証明用、数字4桁)の入力が必要です。画面をご本人に向けて、入力していただいてください。',
    en: 'Linking this service needs the holder’s PIN (user authentication, 4 digits): turn the screen to the holder and let them type it.',
  },
  linkPinTriesLeft: { ja: '残り回数', en: 'Tries left' },
  linkPinLastTry: {
    ja: 'あと1回間違えると暗証番号がロックされ、市区町村の窓口での手続きが必要になります。',
    en: 'One more wrong PIN locks it, and only the municipal office can reset it.',
  },
  linkPinChecked: { ja: '暗証番号で本人確認済み', en: 'PIN checked' },
  pinFourDigits: { ja: '数字4桁を入力してください。', en: 'Enter four digits.' },
  confirm: { ja: '確認', en: 'OK' },
  clear: { ja: '訂正', en: 'Clear' },
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
  chooseTyped: { ja: '番号を入力する', en: 'Type the number' },
  otherWays: { ja: 'リーダーで読めないカードは:', en: 'A card the reader cannot read:' },
  readNfc: { ja: 'この端末のNFCで読む', en: "Read with this tablet's NFC" },
  registered: { ja: '正常に登録されました。', en: 'Registered.' },
  alreadyRegistered: {
    ja: 'すでに同じ内容で登録されています。このまま使えます。',
    en: 'It was already registered exactly so; nothing more to do.',
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
  simCitizen: { ja: '模擬の市民', en: 'Simulated citizen' },
  simCitizenN: { ja: '市民{n}', en: 'Citizen {n}' },
  copy: { ja: 'コピー', en: 'Copy' },
  copied: { ja: 'コピーしました', en: 'Copied' },
  copyFailed: {
    ja: 'コピーできませんでした。サービスIDを長押しして選び、コピーしてください。',
    en: 'Could not copy. Press and hold the service ID to select and copy it.',
  },
  openSystem: { ja: '業務システムで開く', en: 'Open in the business system' },
  sendToParent: { ja: '業務システムへ渡す', en: 'Hand to the business system' },
  offline: { ja: 'オフライン', en: 'Offline' },
  lineTitle: { ja: '接続の状態', en: 'Connections' },
  lineBridge: { ja: 'カードブリッジ', en: 'Card bridge' },
  lineReader: { ja: '読み取り機', en: 'Reader' },
  linePlatform: { ja: 'プラットフォーム', en: 'Platform' },
  lineConnected: { ja: '接続済み', en: 'connected' },
  lineConnecting: { ja: '確認中', en: 'checking' },
  lineUnpaired: { ja: '未ペアリング(端末設定で)', en: 'not paired (see Setup)' },
  lineNotRunning: { ja: '起動していません', en: 'not running' },
  lineBridgeVersion: { ja: '版が合いません', en: 'wrong version' },
  lineCardOn: { ja: 'あり(カードが置かれています)', en: 'ready (a card is on it)' },
  lineChosenReaderMissing: {
    ja: '選んだリーダーが接続されていません(端末設定)',
    en: 'the chosen reader is unplugged (Setup)',
  },
  lineBlocked: { ja: 'ブラウザが接続を止めています', en: 'blocked by the browser' },
  lineUnknown: { ja: '—', en: '—' },
  lineNoReader: { ja: 'ありません', en: 'none' },
  lineReaderReady: { ja: 'あり', en: 'ready' },
  lineOffline: { ja: 'オフライン(受付は続けられます)', en: 'offline (reception goes on)' },
  lineUnreachable: { ja: '接続できません(自動で再送)', en: 'unreachable (resends by itself)' },
  lineRefused: {
    ja: 'この端末を受け付けません(端末設定へ)',
    en: 'refuses this terminal (see Setup)',
  },
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
  waitingTitle: { ja: '送信を待っている登録', en: 'Registrations waiting to be sent' },
  waitingMore: { ja: 'ほか {n} 件', en: '{n} more' },
  persistDenied: {
    ja: 'データの保存: 永続化されていません。容量が足りなくなるとブラウザが消す場合があります。送信待ちは早めに送信し、この端末ではアプリをインストール(ホーム画面に追加)してください。',
    en: 'Storage: not persistent; the browser may clear it when space runs low. Send the queue soon, and install the app on this tablet (add it to the home screen).',
  },
  bridgeUnreachable: {
    ja: 'カードブリッジに接続できません。ブリッジを起動してください。',
    en: 'The card bridge is not reachable; start it.',
  },
  bridgeBlocked: {
    ja: 'ブラウザの設定で、この端末のカードブリッジへの接続(ローカル ネットワーク アクセス)がブロックされています。カードを読めません。アドレスバー左のアイコン(サイト情報)›「サイトの設定」で「ローカル ネットワーク アクセス」を「許可」にして、このページを再読み込みしてください。',
    en: 'The browser blocks this page from reaching the card bridge on this PC (Local Network Access), so no card can be read. In the address bar, the site icon › Site settings: set “Local network access” to Allow, then reload this page.',
  },
  bridgePermissionHow: {
    ja: 'カードブリッジに接続するとき、ブラウザが「ローカル ネットワーク上のデバイスへのアクセス」を許可するか尋ねることがあります。この端末のカードリーダーを使うためのものです。「許可」を押してください(「ブロック」を押すとカードを読めなくなります)。',
    en: 'When connecting to the card bridge, the browser may ask whether this site may access devices on your local network. It is for this PC’s card reader: press Allow (Block stops every card read).',
  },
  bridgeConnectNow: { ja: 'カードブリッジに接続', en: 'Connect to the card bridge' },
  updateReady: {
    ja: '新しいバージョンがあります。送信待ちがなくなったら更新できます。',
    en: 'A new version is ready; update when the queue is empty.',
  },
  update: { ja: '更新する', en: 'Update' },
  storageSlow: {
    ja: 'この端末の保存領域を開くのに時間がかかっています。しばらく待っても変わらないときは、ブラウザを再起動してください。',
    en: "This device's storage is slow to open; if nothing changes, restart the browser.",
  },
  storageFailed: {
    ja: 'この端末の保存領域を開けません。ブラウザの設定で保存(IndexedDB)が許可されているか確認し、ブラウザを再起動してください。',
    en: "This device's storage cannot be opened; check that the browser allows storage (IndexedDB) and restart it.",
  },
  storageFailedEmbedded: {
    ja: '別のサイトの画面に埋め込まれているため、ブラウザがこの端末の保存領域を使わせません。受付アプリを業務システムと同じサイト(例: reception.city.example.jp)で配信するか、受付アプリを別のタブで開いてください。',
    en: 'Embedded in another site’s page, the browser gives this app no storage. Serve it from the same site as the business system (e.g. reception.city.example.jp), or open it in a tab of its own.',
  },
} as const satisfies Record<string, Record<Language, string>>;

type Sentence = Record<Language, string>;
export type SentenceTable = Readonly<Record<string, Sentence>>;

/** The sentences every mode shows (the tabs, the banner, the widgets'). */
export type SharedKey = keyof typeof SHARED_SENTENCES;

/**
 * A mode's or a feature's sentences with the shared ones: each feature makes its own book from
 * its table (points-sentences.ts, kiosk-sentences.ts, …), so a lazy feature's sentences load with
 * its chunk and the first load carries only the shared table. Nothing is registered anywhere.
 */
export interface SentenceBook<K extends string> {
  /** The sentence as plain text. */
  ui(key: K | SharedKey, language: Language): string;
  /** The sentence with its reading marks, for <Ruby> on the kiosk. */
  uiMarked(key: K | SharedKey, language: Language): string;
}

export function sentenceBook<T extends SentenceTable>(
  table: T,
): SentenceBook<Extract<keyof T, string>> {
  const sentences: Readonly<Record<string, Sentence>> = { ...SHARED_SENTENCES, ...table };
  const sentence = (key: string, language: Language): string => {
    const found = sentences[key];
    if (found !== undefined) return found[language];
    // A key of another feature's book (a bug): shown as the key, never a crash.
    console.error(`no sentence "${key}" in this book`);
    return key;
  };
  return {
    ui: (key, language) => withoutRuby(sentence(key, language)),
    uiMarked: (key, language) => sentence(key, language),
  };
}

/** The shared sentences alone. */
export const sharedSentences: SentenceBook<never> = sentenceBook({});
export const { ui, uiMarked } = sharedSentences;

/** A code from the platform, the bridge or the app itself, as a sentence. */
export function sentenceFor(code: string, language: Language): string {
  // The code came over the wire or from storage: only codes this version knows have a sentence.
  if (isKnownErrorCode(code)) return errorMessage(code, language);
  return language === 'ja' ? `エラーが起きました(${code})` : `Something went wrong (${code})`;
}

/** A sentence with its {placeholders} filled. */
export function fill(text: string, values: Readonly<Record<string, string | number>> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    values[name] === undefined ? whole : String(values[name]),
  );
}

import { errorMessage, type Language } from '../../core/error-messages';
import { isKnownErrorCode } from '../../core/errors';
import { withoutRuby } from './reading-marks';

/**
 * The app's own sentences (error codes' sentences come from core/error-messages.ts). Kiosk
 * sentences mark hard words with their readings, `{漢字|かんじ}` (see reading-marks.ts).
 */
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
  nextBridge: {
    ja: '次にすること: このパソコンでカードブリッジを起動してください。',
    en: 'Next: start the card bridge on this PC.',
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
  kioskTitle: { ja: 'マイキーIDの登録', en: 'My Key ID registration' },
  windowTitle: {
    ja: '市区町村窓口: マイキーIDの本登録',
    en: 'Municipal window: finalise a My Key ID',
  },
  windowToken: {
    ja: '窓口職員の認証トークン(この画面を閉じると消えます)',
    en: 'Window staff credential (forgotten when this page closes)',
  },
  windowSignIn: { ja: 'ログイン', en: 'Sign in' },
  windowSteps: {
    ja: '電子証明書を再発行したマイナンバーカードを読み取り機に置き、【読取】を押してください。',
    en: 'Place the My Number card whose certificate was just reissued, then press Read.',
  },
  windowReservedId: { ja: '証明書に記載のマイキーID', en: 'My Key ID in the certificate' },
  windowWaiting: {
    ja: 'マイナンバーカードを待っています。読み取り機に置いてください(30秒まで)。',
    en: 'Waiting for the My Number card; place it on the reader (up to 30 seconds).',
  },
  windowFinalise: { ja: '本登録', en: 'Finalise' },
  windowFinalised: { ja: '本登録しました。', en: 'Finalised.' },
  windowLinksMoved: { ja: '引き継いだサービス連携', en: 'Links moved' },
  kioskPlaceCard: {
    ja: 'マイナンバーカードを読み取り機に置いてください',
    en: 'Place your My Number card on the reader',
  },
  kioskReading: { ja: '読み取っています…', en: 'Reading…' },
  kioskPin: {
    ja: '{利用者証明用|りようしゃしょうめいよう}の{暗証番号|あんしょうばんごう}(数字4桁)を入力してください',
    en: 'Enter your 4-digit user-authentication PIN',
  },
  kioskTriesLeft: { ja: '残り回数', en: 'Tries left' },
  kioskLastTry: {
    ja: 'あと1回間違えると{暗証番号|あんしょうばんごう}がロックされ、{市区町村|しくちょうそん}の{窓口|まどぐち}での{手続|てつづ}きが必要になります。',
    en: 'One more wrong PIN locks it, and only the municipal office can reset it.',
  },
  kioskPinWrong: {
    ja: '{暗証番号|あんしょうばんごう}が{違|ちが}います。',
    en: 'The PIN is wrong.',
  },
  kioskLocked: {
    ja: '{暗証番号|あんしょうばんごう}がロックされています。お{住|す}まいの{市区町村|しくちょうそん}の{窓口|まどぐち}で、{暗証番号|あんしょうばんごう}の{初期化|しょきか}の{手続|てつづ}きをしてください。',
    en: 'The PIN is locked. Please have it reset at your municipal office.',
  },
  pinFourDigits: { ja: '数字4桁を入力してください。', en: 'Enter four digits.' },
  confirm: { ja: '確認', en: 'OK' },
  clear: { ja: '訂正', en: 'Clear' },
  kioskDefaultIntro: {
    ja: '(1) あなたのランダム文字列は、以下のとおりです。これをマイキーIDとして使用する場合は、【登録】ボタンを押してください。',
    en: '(1) Your random string is below. To use it as your My Key ID, press Register.',
  },
  kioskYourId: { ja: 'あなたのマイキーID', en: 'Your My Key ID' },
  kioskReservation: { ja: '仮登録中のマイキーID', en: 'Reserved My Key ID' },
  kioskReservationHow: {
    ja: 'マイナンバーカードを持って、{市区町村|しくちょうそん}{窓口|まどぐち}で登録{手続|てつづ}きを行ってください。{手続|てつづ}きが{完了次第|かんりょうしだい}、{店舗|てんぽ}{等|とう}にてサービスIDと{連携|れんけい}させて、ご利用ください。',
    en: 'Take your My Number card to the municipal office to complete the registration; then link your service cards at shops.',
  },
  kioskToCustom: {
    ja: '(2) マイキーIDを自分で設定する({仮登録|かりとうろく})',
    en: '(2) Choose your own My Key ID (reservation)',
  },
  kioskCustomHelp: {
    ja: '半角英大文字A-Z、半角数字0-9の36種類、14ケタで設定してください。',
    en: '14 characters of A-Z and 0-9.',
  },
  kioskReserve: { ja: '仮登録', en: 'Reserve' },
  kioskIdKeys: { ja: 'マイキーIDの文字', en: 'My Key ID characters' },
  kioskBackspace: { ja: '1文字消す', en: 'Delete one' },
  reserved: {
    ja: '正常に仮登録されました。',
    en: 'Reserved.',
  },
  reserveFailed: {
    ja: '仮登録ができません。異なるマイキーIDを設定して、再度【仮登録】ボタンを押していただくか、(1)の方法でご登録ください。',
    en: 'This ID cannot be reserved. Choose another ID and press Reserve again, or register with (1).',
  },
  kioskLinks: {
    ja: 'マイキーIDと{連携|れんけい}しているサービス',
    en: 'Services linked to your My Key ID',
  },
  kioskNoLinks: { ja: '連携しているサービスはありません。', en: 'No services are linked.' },
  kioskUnlink: { ja: '解除', en: 'Remove' },
  kioskUnlinkAsk: {
    ja: '「{service}」との連携を解除しますか。解除すると、お店や窓口で登録し直すまで使えません。',
    en: 'Remove the link to “{service}”? It stays removed until it is registered again at the counter.',
  },
  kioskUnlinkConfirm: { ja: '解除する', en: 'Remove it' },
  kioskUnlinkKeep: { ja: 'やめる', en: 'Keep it' },
  linkRemoved: { ja: '連携を解除しました。', en: 'The link was removed.' },
  kioskFinish: { ja: '終了', en: 'Finish' },
  back: { ja: '戻る', en: 'Back' },
  kioskIdle: {
    ja: '操作がないため、まもなく最初の画面に戻ります。残り秒数:',
    en: 'No activity: the kiosk returns to the start in seconds:',
  },
  kioskContinue: { ja: '続ける', en: 'Continue' },
  kioskNotReady: {
    ja: 'この端末はまだ設定されていません。係員にお知らせください。',
    en: 'This kiosk is not set up yet; please tell a member of staff.',
  },
  kioskStarting: { ja: '準備しています…', en: 'Getting ready…' },
  kioskNoReader: {
    ja: 'カードリーダーにつながっていません。しばらくお待ちいただくか、係員にお知らせください。',
    en: 'The card reader is not connected; please wait a moment or tell a member of staff.',
  },
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

export type UiKey = keyof typeof UI;

export const UI_SENTENCES: Readonly<Record<UiKey, Record<Language, string>>> = UI;

/** The sentence as plain text. */
export function ui(key: UiKey, language: Language): string {
  return withoutRuby(UI[key][language]);
}

/** The sentence with its reading marks, for <Ruby> on the kiosk. */
export function uiMarked(key: UiKey, language: Language): string {
  return UI[key][language];
}

/** A code from the platform, the bridge or the app itself, as a sentence. */
export function sentenceFor(code: string, language: Language): string {
  // The code came over the wire or from storage: only codes this version knows have a sentence.
  if (isKnownErrorCode(code)) return errorMessage(code, language);
  return language === 'ja' ? `エラーが起きました(${code})` : `Something went wrong (${code})`;
}

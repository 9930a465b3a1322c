import type { Language } from '../../core/error-messages';
import { type SharedKey, sentenceBook } from '../sentences/messages';

/**
 * The citizen kiosk's sentences, loaded with that mode only (a
 * counter tablet never downloads them). Hard words carry their readings, `{漢字|かんじ}`.
 */
export const KIOSK_SENTENCES = {
  kioskTitle: { ja: 'マイキーIDの登録', en: 'My Key ID registration' },
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
  kioskPoints: { ja: 'あなたのポイント', en: 'Your points' },
  kioskNoPoints: { ja: 'ポイントはまだありません。', en: 'No points yet.' },
  kioskPointsUnit: { ja: 'ポイント', en: 'points' },
  kioskPointsExpiring: {
    ja: '{n} ポイントは {date} まで{使|つか}えます(それを{過|す}ぎると{失効|しっこう}します)',
    en: '{n} points can be used until {date} (after that they expire)',
  },
  kioskPointsEntries: { ja: '{記録|きろく}(新しい{順|じゅん})', en: 'Entries (newest first)' },
  kioskPointsDay: { ja: '{日付|ひづけ}', en: 'Date' },
  kioskPointsWhat: { ja: '{内容|ないよう}', en: 'What' },
  kioskPointsAmount: { ja: 'ポイント', en: 'Points' },
  kioskPointsAward: { ja: '{付与|ふよ}', en: 'Awarded' },
  kioskPointsRedeem: { ja: '{利用|りよう}', en: 'Spent' },
  kioskPointsCancel: { ja: '{取消|とりけし}', en: 'Cancelled' },
  kioskPointsExpire: { ja: '{失効|しっこう}', en: 'Expired' },
  kioskPointsPlace: { ja: '{変換|へんかん}ポイント', en: 'Converted points' },
  kioskHoldings: {
    ja: '{提携企業|ていけいきぎょう}から{移|うつ}したポイント',
    en: 'Points from partner companies',
  },
  kioskHoldingsNone: {
    ja: '{自治体|じちたい}を{選|えら}ぶのを{待|ま}っているポイントはありません。',
    en: 'No points are waiting for a municipality.',
  },
  kioskHeldFrom: {
    ja: '{partner}から {n} ポイント({date}までに{自治体|じちたい}を{選|えら}べます)',
    en: '{n} points from {partner} (choose a municipality by {date})',
  },
  kioskHoldingsHow: {
    ja: 'ポイントを{移|うつ}す{自治体|じちたい}を{選|えら}んでください。{自治体|じちたい}ポイントにしたポイントは、{提携企業|ていけいきぎょう}のポイントには{戻|もど}せません。',
    en: 'Choose the municipality to move the points to. Municipal points cannot go back to the partner.',
  },
  kioskPlaceTo: { ja: '{programme}に{移|うつ}す', en: 'Move to {programme}' },
  kioskPremium: { ja: 'プレミアム {p}%', en: '{p}% premium' },
  kioskPlaceAsk: {
    ja: '{n} ポイントを{programme}に{移|うつ}します。{元|もと}には{戻|もど}せません。よろしいですか。',
    en: 'Move {n} points to {programme}? This cannot be undone.',
  },
  kioskPlaceConfirm: { ja: '{移|うつ}す', en: 'Move them' },
  kioskPlaceKeep: { ja: 'やめる', en: 'Not now' },
  kioskPlaced: {
    ja: '{programme}に {n} ポイントを{移|うつ}しました(プレミアム +{premium} ポイント)。',
    en: '{n} points moved to {programme} (premium +{premium}).',
  },
  kioskDefault: { ja: '{基本自治体|きほんじちたい}', en: 'Default municipality' },
  kioskDefaultNone: {
    ja: '{基本自治体|きほんじちたい}が{決|き}まっていません。{期限|きげん}を{過|す}ぎても、ポイントは{自動|じどう}では{移|うつ}りません。',
    en: 'No default municipality is set: points past their day stay waiting until you choose.',
  },
  kioskDefaultHow: {
    ja: '{期限|きげん}までに{選|えら}ばなかったポイントは、{基本自治体|きほんじちたい}の{自治体|じちたい}ポイントに{自動|じどう}で{移|うつ}ります。',
    en: 'Points not placed by their day go to your default municipality by themselves.',
  },
  kioskDefaultChoose: {
    ja: '{municipality}を{基本自治体|きほんじちたい}にする',
    en: 'Make {municipality} the default',
  },
  kioskDefaultSet: {
    ja: '{基本自治体|きほんじちたい}を{municipality}にしました。',
    en: '{municipality} is now your default municipality.',
  },
  kioskCouponOpen: {
    ja: 'クーポンコードを{入力|にゅうりょく}する',
    en: 'Enter a coupon code',
  },
  kioskCouponPrompt: {
    ja: '{提携企業|ていけいきぎょう}から{受|う}け{取|と}ったクーポンコード(17{文字|もじ})を{入力|にゅうりょく}してください。',
    en: 'Enter the coupon code (17 characters) you received from the partner company.',
  },
  kioskCouponRedeem: { ja: '{登録|とうろく}', en: 'Redeem' },
  kioskCouponLength: {
    ja: 'クーポンコードは17{文字|もじ}です。もう{一度|いちど}ご{確認|かくにん}ください。',
    en: 'A coupon code has 17 characters; please check it.',
  },
  kioskCouponRedeemed: {
    ja: '{partner}のクーポンで {n} ポイントを{受|う}け{取|と}りました。{下|した}の{一覧|いちらん}で、{移|うつ}す{自治体|じちたい}を{選|えら}んでください。',
    en: '{n} points received from {partner}; choose a municipality for them below.',
  },
  kioskPartners: {
    ja: '{提携企業|ていけいきぎょう}との{連携|れんけい}(ID{連携|れんけい})',
    en: 'Partner companies (ID link)',
  },
  kioskPartnersHow: {
    ja: '{連携|れんけい}すると、{提携企業|ていけいきぎょう}のサイトで{交換|こうかん}したポイントがここに{届|とど}きます。{提携企業|ていけいきぎょう}のサイトで{発行|はっこう}した{連携|れんけい}コードが{必要|ひつよう}です。',
    en: "Once linked, points you exchange on the partner's site arrive here. You need the link code from the partner's site.",
  },
  kioskPartnerLinkedMark: { ja: '{partner}: {連携済|れんけいず}み', en: '{partner}: linked' },
  kioskPartnerLink: { ja: '{partner}と{連携|れんけい}する', en: 'Link {partner}' },
  kioskPartnerNumber: {
    ja: '{partner}の{会員番号|かいいんばんごう}を{入力|にゅうりょく}してください。',
    en: 'Enter your customer number at {partner}.',
  },
  kioskPartnerNumberEmpty: {
    ja: '{会員番号|かいいんばんごう}を{入力|にゅうりょく}してください。',
    en: 'Enter the customer number.',
  },
  kioskPartnerCode: {
    ja: '{partner}のサイトで{発行|はっこう}した{連携|れんけい}コード(17{文字|もじ})を{入力|にゅうりょく}してください。',
    en: "Enter the link code (17 characters) from {partner}'s site.",
  },
  kioskLinkCodeLength: {
    ja: '{連携|れんけい}コードは17{文字|もじ}です。もう{一度|いちど}ご{確認|かくにん}ください。',
    en: 'A link code has 17 characters; please check it.',
  },
  kioskNext: { ja: '{次|つぎ}へ', en: 'Next' },
  kioskPartnerLinkNow: { ja: '{連携|れんけい}する', en: 'Link' },
  kioskPartnerLinked: {
    ja: '{partner}と{連携|れんけい}しました。{交換|こうかん}したポイントはここに{届|とど}きます。',
    en: 'Linked with {partner}; points you exchange there will arrive here.',
  },
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
  kioskBridgeBlocked: {
    ja: 'この端末のブラウザの設定で、カードリーダーが使えません。係員にお知らせください(ローカル ネットワーク アクセスを許可する必要があります)。',
    en: 'The browser settings on this kiosk block the card reader; please tell a member of staff (Local Network Access must be allowed).',
  },
  kioskNoReader: {
    ja: 'カードリーダーにつながっていません。しばらくお待ちいただくか、係員にお知らせください。',
    en: 'The card reader is not connected; please wait a moment or tell a member of staff.',
  },
} as const satisfies Record<string, Record<Language, string>>;

/**
 * Readings the kiosk prints over hard words in sentences it did not mark itself (the platform's
 * and the bridge's error sentences from core).
 */
export const KIOSK_READINGS: Readonly<Record<string, string>> = {
  利用者証明用: 'りようしゃしょうめいよう',
  電子証明書: 'でんししょうめいしょ',
  有効期限: 'ゆうこうきげん',
  失効: 'しっこう',
  発行元: 'はっこうもと',
  市区町村: 'しくちょうそん',
  窓口: 'まどぐち',
  暗証番号: 'あんしょうばんごう',
  初期化: 'しょきか',
  仮登録: 'かりとうろく',
  本人確認: 'ほんにんかくにん',
};

/** This feature's sentences with the shared ones. */
export const sentences = sentenceBook(KIOSK_SENTENCES);
export const { ui, uiMarked } = sentences;
export type KioskKey = Extract<keyof typeof KIOSK_SENTENCES, string> | SharedKey;

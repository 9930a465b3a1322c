import type { Language } from '../../core/error-messages';
import { type SharedKey, sentenceBook } from '../sentences/messages';

/** The ポイント screen's sentences, loaded with it (a counter without points never downloads them). */
export const POINTS_SENTENCES = {
  pointsProgramme: { ja: 'ポイントの種類', en: 'Points programme' },
  pointsReadCard: { ja: 'カードを読む', en: 'Read the card' },
  pointsNoCard: {
    ja: 'マイナンバーカードをかざすと、残高が表示されます。',
    en: 'Place the My Number card to see the balance.',
  },
  pointsCustomer: { ja: 'お客様のマイキーID', en: "Customer's My Key ID" },
  pointsBalance: { ja: '残高', en: 'Balance' },
  pointsUnit: { ja: 'ポイント', en: 'points' },
  pointsSoonest: {
    ja: 'うち {n} ポイントは {date} まで有効です',
    en: '{n} of them can be used until {date}',
  },
  pointsLastKnown: {
    ja: '前回確認した残高です({time} 時点)。接続が戻ると最新になります。',
    en: 'The last known balance (as of {time}); it updates when the connection returns.',
  },
  pointsBalanceOffline: {
    ja: 'ネットワークにつながらないため、最新の残高を確認できません。付与は受け付けて、接続が戻ると送信します。利用はできません。',
    en: 'The network is down, so the balance cannot be checked. Awards are accepted and sent later; points cannot be spent now.',
  },
  pointsAward: { ja: '付与', en: 'Award' },
  pointsRedeem: { ja: '利用', en: 'Redeem' },
  pointsPurchaseYen: { ja: 'お買い上げ金額(円)', en: 'Purchase total (yen)' },
  pointsWillAward: { ja: '付与するポイント: {n}', en: 'Points to award: {n}' },
  pointsRate: { ja: '{yen}円ごとに1ポイント', en: '1 point per {yen} yen' },
  pointsConfirmAward: { ja: '付与する', en: 'Award' },
  pointsActivities: { ja: '活動で付与(行政ポイント)', en: 'Award for an activity' },
  pointsRedeemCount: { ja: '利用するポイント', en: 'Points to redeem' },
  pointsAfter: { ja: '利用後の残高: {n}', en: 'Balance after: {n}' },
  pointsConfirmRedeem: { ja: '利用する', en: 'Redeem' },
  pointsAwarded: { ja: '{n} ポイントを付与しました。', en: '{n} points awarded.' },
  pointsAwardedCapped: {
    ja: '本日の付与上限のため、{n} ポイントだけ付与しました。',
    en: "Only {n} points were awarded: this person reached today's cap.",
  },
  pointsRedeemed: { ja: '{n} ポイントを利用しました。', en: '{n} points redeemed.' },
  pointsCancelled: { ja: '取り消しました({n} ポイント)。', en: 'Cancelled ({n} points).' },
  pointsInsufficient: {
    ja: 'ポイントが足りません。残高は {n} ポイントです。',
    en: 'Not enough points: the balance is {n}.',
  },
  pointsAwardQueued: {
    ja: '付与を受け付けました。ネットワークにつながらないため送信待ちです。接続が戻ると自動で送信します。',
    en: 'Award accepted. The network is down, so it waits in the queue and is sent automatically.',
  },
  pointsRedeemOffline: {
    ja: 'ポイントの利用にはネットワーク接続が必要です。ポイントは引かれていません。接続が戻ってからもう一度お試しください。',
    en: 'Redeeming needs the network. No points were taken; try again when it is back.',
  },
  pointsRedeemUnsure: {
    ja: '利用の結果が届きませんでした。ポイントが引かれたかどうかは【利用をもう一度送る】で確かめられます(二重に引かれることはありません)。',
    en: 'The answer did not arrive. Send the redemption again to learn whether it was taken (it is never taken twice).',
  },
  pointsCheckResult: { ja: '利用をもう一度送る', en: 'Send the redemption again' },
  pointsCancelLast: { ja: '直前の操作を取り消す', en: 'Cancel the last one' },
  pointsCancelWhat: {
    ja: '直前の{what}({n} ポイント)を取り消しますか?',
    en: 'Cancel the last {what} ({n} points)?',
  },
  pointsCancelYes: { ja: '取り消す', en: 'Cancel it' },
  pointsCancelNo: { ja: 'やめる', en: 'Keep it' },
  pointsCancelOffline: {
    ja: '取消にはネットワーク接続が必要です。接続が戻ってからもう一度お試しください。',
    en: 'Cancelling needs the network; try again when it is back.',
  },
  pointsNextCustomer: { ja: '次のお客様', en: 'Next customer' },
  pointsPinAsk: {
    ja: '{n} ポイントの利用には、ご本人による暗証番号(利用者証明用、数字4桁)の入力が必要です。画面をお客様に向けて、入力していただいてください。',
    en: 'Spending {n} points needs the holder’s PIN (user authentication, 4 digits): turn the screen to the customer and let them type it.',
  },
  pointsPinAbove: {
    ja: 'その日の利用の合計が {n} ポイントを超える利用には暗証番号が必要です',
    en: 'Spending more than {n} points in a day needs the PIN',
  },
  pointsPinAskToday: {
    ja: '本日の利用の合計が {n} ポイントを超えるため、ご本人による暗証番号(利用者証明用、数字4桁)の入力が必要です。画面をお客様に向けて、入力していただいてください。',
    en: 'Today’s spending passes {n} points: this needs the holder’s PIN (user authentication, 4 digits). Turn the screen to the customer and let them type it.',
  },
  pointsPinStop: { ja: '暗証番号の入力をやめる', en: 'Stop the PIN entry' },
  pointsCardRemoved: {
    ja: 'カードがリーダーから離れました。続けるには、お客様のカードをもう一度置いてください。',
    en: 'The card was taken off the reader: place the customer’s card again to go on.',
  },
} as const satisfies Record<string, Record<Language, string>>;

/** This feature's sentences with the shared ones. */
export const sentences = sentenceBook(POINTS_SENTENCES);
export const { ui, uiMarked } = sentences;
export type PointsKey = Extract<keyof typeof POINTS_SENTENCES, string> | SharedKey;

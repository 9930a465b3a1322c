import type { Language } from '../../core/error-messages';
import { type SharedKey, sentenceBook } from '../sentences/messages';

/** The 集計 screen's sentences, loaded with it. */
export const ANALYTICS_SENTENCES = {
  analyticsTitle: { ja: '集計', en: 'Figures' },
  analyticsProgramme: { ja: 'ポイントの種類', en: 'Points programme' },
  analyticsWhich: { ja: '表示する店舗', en: 'Shop shown' },
  analyticsStreet: { ja: '商店街全体', en: 'Whole street' },
  analyticsLoading: { ja: '集計を読み込んでいます…', en: 'Loading the figures…' },
  analyticsNone: {
    ja: 'まだ集計された週がありません。週が終わると翌日に集計されます。',
    en: 'No week has been counted yet; a week is counted the day after it ends.',
  },
  analyticsOffline: {
    ja: '集計はネットワークにつながっているときに表示できます。接続が戻ってから【再読み込み】を押してください。',
    en: 'The figures need the network; press Reload when it is back.',
  },
  analyticsReload: { ja: '再読み込み', en: 'Reload' },
  analyticsChart: {
    ja: '週ごとの客数({which})',
    en: 'Customers per week ({which})',
  },
  analyticsWeek: { ja: '週(月曜から)', en: 'Week of' },
  analyticsCustomers: { ja: '客数', en: 'Customers' },
  analyticsNew: { ja: '新規', en: 'New' },
  analyticsRepeat: { ja: 'リピーター', en: 'Repeat' },
  analyticsOtherShops: { ja: '他店も利用', en: 'Also other shops' },
  analyticsStreetMulti: { ja: '2店以上を利用', en: 'Two shops or more' },
  analyticsAwarded: { ja: '付与ポイント', en: 'Points awarded' },
  analyticsRedeemed: { ja: '利用ポイント', en: 'Points redeemed' },
  analyticsHidden: {
    ja: '「—」は{n}人未満の集計、または差し引きで{n}人未満のことが分かってしまうため表示していません。人数は同じ週に同じ店で付与・利用を受けた人の数です(取消を除く)。リピーターは前の12週にも来店した人です。ポイントは付与(利用)を受けた人が{n}人未満なら表示しません。',
    en: '“—”: about fewer than {n} people, or it would reveal such a figure by subtraction. Customers are people awarded or redeeming points at the shop that week (cancels excluded); repeat customers came in the 12 weeks before. Points are shown only when at least {n} people were awarded (or redeemed) them.',
  },
  analyticsCsv: { ja: 'CSVで保存(Excel用)', en: 'Save as CSV (for Excel)' },
  analyticsScopeShop: {
    ja: 'この店舗と商店街全体の集計です。',
    en: "This shop's figures and the whole street's.",
  },
  analyticsScopeStreet: {
    ja: '商店街の組合の端末です。すべての加盟店の集計を表示できます。',
    en: "The street association's terminal: every member shop's figures.",
  },
} as const satisfies Record<string, Record<Language, string>>;

/** This feature's sentences with the shared ones. */
export const sentences = sentenceBook(ANALYTICS_SENTENCES);
export const { ui, uiMarked } = sentences;
export type AnalyticsKey = Extract<keyof typeof ANALYTICS_SENTENCES, string> | SharedKey;

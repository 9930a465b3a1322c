import type { Language } from '../../core/error-messages';
import { sentenceBook } from '../sentences/messages';

/** The municipal window's sentences (本登録), loaded with that mode only. */
export const WINDOW_SENTENCES = {
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
} as const satisfies Record<string, Record<Language, string>>;

/** This feature's sentences with the shared ones. */
export const sentences = sentenceBook(WINDOW_SENTENCES);
export const { ui, uiMarked } = sentences;

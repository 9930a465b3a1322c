import type { AnyErrorCode } from './errors';

export type Language = 'ja' | 'en';

/**
 * The one place where an error code becomes a sentence. Japanese first (the source's own wording
 * where it has one: 「既にサービスID登録済み」「仮登録ができません」), English second.
 */
export const ERROR_MESSAGES: Record<AnyErrorCode, Record<Language, string>> = {
  VALIDATION_FAILED: { ja: '入力内容に誤りがあります。', en: 'The request is not valid.' },
  MYKEY_ID_INVALID: {
    ja: 'マイキーIDは半角英大文字A-Zと数字0-9の14文字です。',
    en: 'A My Key ID is 14 characters of A-Z and 0-9.',
  },
  CERTIFICATE_INVALID: {
    ja: '利用者証明用電子証明書を読み取れませんでした。',
    en: 'The user-authentication certificate could not be read.',
  },
  BATCH_TOO_LARGE: {
    ja: '一度に送信できる件数を超えています。',
    en: 'Too many operations in one batch.',
  },
  PAYLOAD_TOO_LARGE: { ja: '送信データが大きすぎます。', en: 'The request body is too large.' },
  NOT_FOUND: { ja: '指定された場所が見つかりません。', en: 'No such endpoint.' },
  ADMIN_TOKEN_INVALID: {
    ja: '管理者の認証に失敗しました。',
    en: 'The administrator credential is missing or not valid.',
  },
  ADMIN_ROLE_FORBIDDEN: {
    ja: 'この認証情報ではこの操作はできません(窓口職員は本登録のみ行えます)。',
    en: 'This credential may not do this (window staff may only finalise My Key IDs).',
  },
  SIGNATURE_MISSING: {
    ja: 'この端末の署名がありません。端末の登録をやり直してください。',
    en: 'The request is not signed by a terminal.',
  },
  SIGNATURE_INVALID: {
    ja: '端末の署名を確認できませんでした。',
    en: 'The terminal signature does not verify.',
  },
  SIGNATURE_EXPIRED: {
    ja: '端末の時刻がずれています。時刻設定を確認してください。',
    en: "The signature's time is outside the allowed window; check the terminal's clock.",
  },
  CONTENT_DIGEST_MISMATCH: {
    ja: '送信中にデータが壊れました。もう一度送信してください。',
    en: 'The body does not match its Content-Digest.',
  },
  OPERATION_ID_REUSED: {
    ja: '同じ操作番号で別の内容が送られたため、この登録は反映されていません。もう一度登録してください。',
    en: 'This operation id was already used for other content, so this registration was not applied; register it again.',
  },
  REQUEST_REPLAYED: {
    ja: '同じ要求が二度送られました。',
    en: 'This signed request was already received.',
  },
  TERMINAL_UNKNOWN: {
    ja: 'この端末は登録されていません。',
    en: 'This terminal is not enrolled.',
  },
  TERMINAL_REVOKED: {
    ja: 'この端末は利用停止されています。管理者に連絡してください。',
    en: 'This terminal has been revoked; contact the administrator.',
  },
  ENROLMENT_KEY_INVALID: {
    ja: '端末の鍵が正しくありません。端末設定をやり直してください(登録コードはそのまま使えます)。',
    en: "The terminal's key is not a valid P-256 public key; set the terminal up again (the enrolment code still works).",
  },
  ENROLMENT_RATE_LIMITED: {
    ja: '登録コードの誤りが続いたため、しばらく受け付けません。15分ほど待ってから、管理者から受け取ったコードを入力し直してください。',
    en: 'Too many wrong enrolment codes from this address; wait about 15 minutes, then type the code your administrator gave you.',
  },
  ENROLMENT_CODE_INVALID: {
    ja: '登録コードが正しくないか、有効期限が切れています。',
    en: 'The enrolment code is wrong, used or expired.',
  },
  SERVICE_NOT_ALLOWED: {
    ja: 'この端末ではそのサービスを扱えません。',
    en: 'This terminal may not use that service.',
  },
  MUNICIPALITY_NOT_FOUND: { ja: '市区町村が見つかりません。', en: 'No such municipality.' },
  PROVIDER_NOT_FOUND: { ja: 'サービス事業者が見つかりません。', en: 'No such provider.' },
  SERVICE_NOT_FOUND: { ja: 'サービスが見つかりません。', en: 'No such service.' },
  TERMINAL_NOT_FOUND: { ja: '端末が見つかりません。', en: 'No such terminal.' },
  ADMIN_NOT_FOUND: {
    ja: '管理者が見つかりません。admin list で ID を確かめてください。',
    en: 'No such administrator; check the id with admin list.',
  },
  CODE_TAKEN: { ja: 'そのコードは既に使われています。', en: 'That code is already in use.' },
  SERVICE_CODE_MISMATCH: {
    ja: 'サービス提供IDが事業者のコードと一致しません。',
    en: "The service code does not start with its provider's municipality and provider codes.",
  },
  MYKEY_TAKEN: {
    ja: '仮登録ができません。別のマイキーIDを設定するか、既定のランダム文字列で登録してください。',
    en: 'That My Key ID is already taken. Choose another one, or register the default random string.',
  },
  MYKEY_NOT_REGISTERED: {
    ja: 'マイキーIDがまだ登録されていません。市区町村のマイキーID登録端末か窓口で、マイナンバーカードと暗証番号で登録できます。独自のIDを仮登録した方は、窓口での本登録が済むまでお待ちください。',
    en: 'This My Key ID is not registered yet. It can be registered with the My Number card and its PIN at the municipality’s My Key ID kiosk or window. If a custom ID was reserved, wait until the window finalises it.',
  },
  CERTIFICATE_ALREADY_REGISTERED: {
    ja: 'このカードは既に別のマイキーIDで登録されています。',
    en: 'This card is already registered with another My Key ID.',
  },
  RESERVATION_NOT_FOUND: {
    ja: '仮登録されたマイキーIDが見つかりません(期限切れの可能性があります)。',
    en: 'No reservation for that My Key ID (it may have expired).',
  },
  CERTIFICATE_NOT_REGISTERED: {
    ja: 'この証明書に結び付いたマイキーIDがありません。',
    en: 'No My Key ID is bound to that certificate.',
  },
  CHALLENGE_INVALID: {
    ja: '本人確認の手続きが無効です。最初からやり直してください。',
    en: 'The authentication challenge is unknown or already used; start again.',
  },
  CHALLENGE_EXPIRED: {
    ja: '本人確認の時間が過ぎました。もう一度カードをかざしてください。',
    en: 'The authentication challenge expired; place the card again.',
  },
  HOLDER_SIGNATURE_INVALID: {
    ja: 'カードによる本人確認ができませんでした。',
    en: 'The card’s signature does not verify with its certificate.',
  },
  CERTIFICATE_UNTRUSTED: {
    ja: 'このカードの証明書は確認できません(発行元が不明です)。',
    en: 'The certificate was not issued by a trusted JPKI CA.',
  },
  CERTIFICATE_EXPIRED: {
    ja: '電子証明書の有効期限が切れています。市区町村の窓口で更新してください。',
    en: 'The certificate has expired (or is not yet valid); renew it at the municipal office.',
  },
  CERTIFICATE_REVOKED: {
    ja: 'この電子証明書は失効しています。市区町村の窓口にお問い合わせください。',
    en: 'The certificate has been revoked.',
  },
  REVOCATION_UNKNOWN: {
    ja: '電子証明書の失効情報を確認できません。しばらくしてからお試しください。',
    en: 'The revocation list is out of date, so the certificate cannot be checked; try later.',
  },
  CRL_INVALID: {
    ja: '失効リストを読み込めませんでした(形式または署名が正しくありません)。',
    en: 'The CRL is not valid (format or signature).',
  },
  CRL_TOO_LARGE: {
    ja: '失効リストが大きすぎます(上限 128 MiB)。分割された失効リストを読み込んでください。',
    en: 'The CRL is too large (limit 128 MiB); load it in partitions.',
  },
  CRL_UNREACHABLE: {
    ja: '失効リストの取得元に接続できませんでした。前回読み込んだ失効リストを使い続けます。',
    en: 'The CRL source could not be reached; the list loaded before stays in use.',
  },
  HOLDER_SESSION_INVALID: {
    ja: '操作の時間が過ぎました。もう一度カードをかざしてください。',
    en: 'The kiosk session has ended; place the card again.',
  },
  ALREADY_LINKED: {
    ja: '既にサービスID登録済みです。登録されているサービスIDは「照会」で確かめられます。',
    en: 'A service ID is already registered for this My Key ID and service; Look up shows it.',
  },
  SERVICE_ID_TAKEN: {
    ja: 'このサービスカードは別の方のマイキーIDに登録されています。',
    en: "This service card is already registered to someone else's My Key ID.",
  },
  LINK_NOT_FOUND: {
    ja: 'このサービスのサービスIDは登録されていません。',
    en: 'No service ID is registered for this service.',
  },
  LINK_NEEDS_PIN: {
    ja: 'このサービスとの連携には、ご本人による暗証番号の入力が必要です。手順①でカードを読み取り、暗証番号を入力していただいてください。',
    en: 'Linking this service needs the holder’s PIN: read the card at step ① and let the holder type the PIN.',
  },
  LINK_PROOF_TOO_OLD: {
    ja: '暗証番号による本人確認から72時間を過ぎて届いたため、登録できませんでした（端末の時計が進んでいる場合も）。ご本人にもう一度手順①から登録していただいてください。',
    en: 'The PIN check is more than 72 hours old (or the terminal’s clock is ahead): register again from step ① with the holder.',
  },
  LINK_PROOF_REPLAYED: {
    ja: 'この本人確認はすでに使われています。ご本人にもう一度手順①から登録していただいてください。',
    en: 'This PIN check was already used: register again from step ① with the holder.',
  },
  LINK_PROOF_NOT_THIS_CARD: {
    ja: '暗証番号を確認したカードが、登録するマイキーIDのカードと一致しません。同じカードで手順①からやり直してください。',
    en: 'The card that checked the PIN is not the card of this My Key ID: start again from step ① with one card.',
  },
  PROGRAMME_NOT_FOUND: {
    ja: 'このポイント制度はありません。端末の再読み込みで最新の制度を取得してください。',
    en: 'No such points programme; reload the terminal to get the current programmes.',
  },
  PROGRAMME_INVALID: {
    ja: 'ポイント制度の内容に誤りがあります(参加事業者は制度と同じ自治体の事業者に限られます)。',
    en: "The programme's rules are not valid (its providers must belong to its municipality).",
  },
  MUNICIPAL_PROGRAMME_EXISTS: {
    ja: 'この自治体の自治体ポイントは既にあります(自治体ポイントは一自治体に一つです)。',
    en: 'This municipality already has its municipal points programme (one per municipality).',
  },
  POINTS_NOT_ALLOWED: {
    ja: 'この端末ではこのポイントの付与・利用はできません。制度の運営者に参加を申請してください。',
    en: "This terminal's provider may not award or redeem these points; ask the programme to add it.",
  },
  ANALYTICS_NOT_ALLOWED: {
    ja: 'この端末の事業者はこのポイント制度の参加店ではないため、集計は表示できません。制度の運営者(商店街の組合など)にお問い合わせください。',
    en: "This terminal's provider is not a shop of this programme, so it has no figures here; ask the programme's owner.",
  },
  POINTS_ACTIVITY_NOT_FOUND: {
    ja: 'この活動はこのポイント制度にありません。',
    en: 'This activity is not one of the programme’s fixed awards.',
  },
  POINTS_AWARD_ZERO: {
    ja: 'この金額では付与されるポイントがありません。',
    en: 'This amount gives no points.',
  },
  POINTS_DAILY_CAP: {
    ja: 'この方の本日の付与上限に達しました。上限までのポイントだけを付与しました。',
    en: "This person has reached today's award cap; only the points up to the cap were awarded.",
  },
  POINTS_INSUFFICIENT: {
    ja: 'ポイント残高が足りません。残高の範囲で利用してください。',
    en: 'Not enough points; redeem no more than the balance.',
  },
  POINTS_CANCEL_NOT_FOUND: {
    ja: '取り消す操作が見つかりません。取消はその操作をした端末でだけできます。',
    en: 'No such award or redemption by this terminal; only the terminal that made it can cancel it.',
  },
  POINTS_CANCEL_TOO_LATE: {
    ja: '取消ができる期間を過ぎています。制度の運営者にご相談ください。',
    en: 'Too late to cancel this; ask the programme’s operator.',
  },
  POINTS_ALREADY_CANCELLED: {
    ja: 'この操作は既に取り消されています。',
    en: 'This was already cancelled.',
  },
  POINTS_NOT_THIS_CARD: {
    ja: '読み取ったカードは、この操作をしたお客様のカードではありません。その操作のお客様のカードを読み取ってから取り消してください。',
    en: 'The card read is not the card of the customer this was done for: read that customer’s card, then cancel.',
  },
  POINTS_TAP_TOO_OLD: {
    ja: 'カードを読み取ってから72時間を過ぎて届いたため、ポイントを付与できませんでした（端末の時計が進んでいる場合も）。お客様のカードをもう一度読み取って付与してください。',
    en: 'The card was read more than 72 hours before this award arrived (or the terminal’s clock is ahead): read the customer’s card again and award again.',
  },
  POINTS_NEED_PIN: {
    ja: 'この利用には（本日の利用の合計を含めて上限を超えるため）、ご本人による暗証番号の入力が必要です。画面の暗証番号入力をお客様に向けて、入力していただいてください。',
    en: 'This spending (with today’s earlier spending) passes the amount a tap allows: it needs the holder’s PIN. Turn the PIN pad to the customer and let them type it.',
  },
  POINTS_PIN_TOO_OLD: {
    ja: '暗証番号による本人確認が古すぎるため（端末の時計が進んでいる場合も）、利用できませんでした。もう一度暗証番号を入力していただいてください。',
    en: 'The PIN check is too old (or the terminal’s clock is ahead): let the holder type the PIN again.',
  },
  POINTS_PIN_REPLAYED: {
    ja: 'この暗証番号による本人確認はすでに使われています。もう一度暗証番号を入力していただいてください。',
    en: 'This PIN check was already used: let the holder type the PIN again.',
  },
  PROGRAMME_PARTICIPANT_IS_PARTNER: {
    ja: '提携企業はポイント制度の加盟店になれません(提携企業の鍵は変換だけに使えます)。加盟店から外してください。',
    en: "A partner cannot take part in a points programme (a partner's key only converts points); remove it from the participants.",
  },
  CREDENTIAL_NOT_ALLOWED: {
    ja: 'この鍵ではこの操作はできません。提携企業の鍵は変換だけに、端末の鍵は窓口の操作だけに使えます。',
    en: "This key cannot do this: a partner's key only converts points, a terminal's key only works at a counter.",
  },
  PARTNER_NOT_FOUND: {
    ja: '提携企業の変換条件がまだ登録されていません。運営者に登録を依頼してください。',
    en: "This partner's conversion rules are not set yet; ask the operator to set them.",
  },
  PARTNER_INVALID: {
    ja: '提携企業の設定が正しくありません。事業者が提携企業であり、サービスがその事業者のものか確認してください。',
    en: 'The partner settings are wrong: the provider must be a partner and the service its own.',
  },
  CONVERSION_NOT_LINKED: {
    ja: 'このお客様はマイキーIDと連携していません。キオスクでID連携をしてもらってから変換してください。',
    en: 'This customer has not linked their account to a My Key ID; they link it at a kiosk first.',
  },
  CONVERSION_TOO_SMALL: {
    ja: '変換すると1ポイントに満たないため変換できません。変換するポイントを増やしてください。',
    en: 'This converts to less than 1 point; convert more partner points.',
  },
  CONVERSION_DAILY_CAP: {
    ja: '本日の変換上限を超えるため変換しませんでした。明日以降にもう一度変換してください。',
    en: "Not converted: it would pass today's conversion cap. Convert again tomorrow.",
  },
  MUNICIPAL_PROGRAMME_NOT_FOUND: {
    ja: 'この自治体には自治体ポイントがありません。別の自治体を選んでください。',
    en: 'This municipality has no municipal points; choose another one.',
  },
  HOLDING_EMPTY: {
    ja: '自治体を選んでいない変換ポイントはありません。',
    en: 'There are no converted points waiting for a municipality.',
  },
  COUPON_MISTYPED: {
    ja: 'クーポンコードの入力に誤りがあります。コードを見直して、もう一度入力してください。',
    en: 'The coupon code is mistyped; check it and type it again.',
  },
  LINK_CODE_MISTYPED: {
    ja: '連携コードの入力に誤りがあります。提携企業のサイトに表示されたコード(17文字)を見直して、もう一度入力してください。',
    en: "The link code is mistyped; check the 17-character code the partner's site showed and type it again.",
  },
  LINK_CODE_INVALID: {
    ja: '会員番号と連携コードが合いません。番号を確かめるか、発行から7日を過ぎていれば提携企業のサイトで新しい連携コードを発行してください。',
    en: "The customer number and the link code do not match; check the number, or get a new code on the partner's site if it is over 7 days old.",
  },
  COUPON_INVALID: {
    ja: 'このクーポンコードは見つかりません。発行元の企業にお問い合わせください。',
    en: 'This coupon code was not found; ask the company that issued it.',
  },
  COUPON_USED: {
    ja: 'このクーポンコードは既に使われています。',
    en: 'This coupon code has already been used.',
  },
  COUPON_EXPIRED: {
    ja: 'このクーポンコードは有効期限が過ぎています。発行元の企業にお問い合わせください。',
    en: 'This coupon code has expired; ask the company that issued it.',
  },
  COUPON_RATE_LIMITED: {
    ja: '誤ったコードが続いたため、しばらく入力できません。10分ほどしてからもう一度お試しください。',
    en: 'Too many wrong codes; try again in about ten minutes.',
  },
  SETTLEMENT_PERIOD_OPEN: {
    ja: 'この月はまだ終わっていないため締められません。翌月以降に締めてください。',
    en: 'This month has not ended yet; close it from the next month on.',
  },
  SETTLEMENT_EARLIER_OPEN: {
    ja: 'それより前の月がまだ締められていません。前の月から順に締めてください。',
    en: 'An earlier month is not closed yet; close the months in order.',
  },
  SETTLEMENT_NOT_FOUND: {
    ja: 'この月の精算はまだありません。先に月を締めてください。',
    en: 'This month has not been closed yet; close it first.',
  },
  SETTLEMENT_PERIOD_INVALID: {
    ja: '精算の月は 2000-01 から 9999-12 までの「年-月」(例: 2027-01)で指定してください。',
    en: 'A settlement month is a year and month from 2000-01 to 9999-12, such as 2027-01.',
  },
  PLATFORM_UNAVAILABLE: {
    ja: 'プラットフォームが混み合っているか、一時的に応答できません（データベースの再起動中など）。数秒待ってからもう一度お試しください。未送信の登録は端末に残り、自動で送られます。',
    en: 'The platform is busy or briefly unavailable (its database restarting, for example); try again in a few seconds. Queued registrations stay on this terminal and are sent by themselves.',
  },
  INTERNAL_ERROR: {
    ja: 'システムで問題が起きました。しばらくしてからもう一度お試しください。',
    en: 'Something went wrong on the platform; try again later.',
  },
  PCSC_UNAVAILABLE: {
    ja: 'カードリーダーのサービス(pcscd)に接続できません。自動で再接続します。',
    en: 'The smart-card service (pcscd) is not available; the bridge keeps trying to reconnect.',
  },
  NO_READER: {
    ja: 'カードリーダーが接続されていません。リーダーを接続してください。',
    en: 'No card reader is connected.',
  },
  NO_CARD: { ja: 'カードをかざしてください。', en: 'Place a card on the reader.' },
  CARD_REMOVED: {
    ja: '読み取り中にカードが離れました。もう一度カードをかざしてください。',
    en: 'The card left the reader during the read; place it again.',
  },
  NOT_A_MYNUMBER_CARD: {
    ja: 'マイナンバーカードではありません。マイナンバーカードをかざしてください。',
    en: 'This is not a My Number card; place the My Number card.',
  },
  IS_A_MYNUMBER_CARD: {
    ja: 'これはマイナンバーカードです。サービスのカード(図書館カード・ポイントカードなど)をかざしてください。',
    en: "This is a My Number card; place the service's card (library card, point card...).",
  },
  CARD_ERROR: {
    ja: 'カードを読み取れませんでした。カードをかざし直してください。',
    en: 'The card could not be read; place it again.',
  },
  PIN_WRONG: {
    ja: '暗証番号が違います。',
    en: 'The PIN is wrong.',
  },
  PIN_BLOCKED: {
    ja: '暗証番号がロックされています。お住まいの市区町村の窓口で初期化の手続きをしてください。',
    en: 'The PIN is locked; the holder must have it reset at the municipal office.',
  },
  CANCELLED: {
    ja: '読み取りを取り消しました。カードを置くか【読取】を押すと、もう一度読み取ります。',
    en: 'The read was cancelled. Place a card or press Read to read again.',
  },
  CARD_CHANGED: {
    ja: '読み取ったカードと別のカードが置かれています。暗証番号は送っていません。最初に読み取ったカードを置き直すか、手順①からやり直してください。',
    en: 'A different card is on the reader than the one read: the PIN was not sent. Put the first card back, or start again from step ①.',
  },
  TIMEOUT: {
    ja: '時間内にカードがかざされませんでした。',
    en: 'No card was placed on the reader in time.',
  },
  UNKNOWN_CARD_PROFILE: {
    ja: 'このカードの読み取り設定(カードプロファイル)が見つかりません。',
    en: 'No card profile by that name is configured on this bridge.',
  },
  CARD_PROFILE_MISMATCH: {
    ja: 'このサービスのカードではありません。',
    en: "This card is not of the kind the service's card profile expects.",
  },
  SIMULATION_ONLY: {
    ja: 'この操作は模擬モードでのみ使えます。',
    en: 'This request is only available in simulation mode.',
  },
  PROTOCOL_VERSION_UNSUPPORTED: {
    ja: 'カードブリッジのバージョンが合いません。アプリとブリッジを更新してください。',
    en: 'The app and the card bridge speak different protocol versions; update both.',
  },
  NOT_PAIRED: {
    ja: 'この画面はカードブリッジとペアリングされていません。',
    en: 'This page is not paired with the card bridge.',
  },
  PAIRING_NOT_STARTED: {
    ja: 'ペアリングコードが発行されていないか、期限が切れました。もう一度ペアリングを始めてください。',
    en: 'No pairing code is active (it may have expired); start pairing again.',
  },
  PAIRING_CODE_WRONG: {
    ja: 'ペアリングコードが違います。ブリッジに表示されたコードを入力してください。',
    en: 'The pairing code is wrong; type the code the bridge shows.',
  },
  PAIRING_RATE_LIMITED: {
    ja: 'ペアリングの要求が多すぎます。1分ほど待ってからやり直してください。',
    en: 'Too many pairing requests; wait a minute and try again.',
  },
  PAIRING_REMOVED: {
    ja: 'このサイトとカードブリッジのペアリングが解除されました。端末設定でもう一度ペアリングしてください。',
    en: "This site's pairing with the card bridge was removed; pair again in Setup.",
  },
  TOO_MANY_WAITS: {
    ja: 'カードを待っている読み取りが多すぎます。【読み取りを取り消す】を押してから、もう一度読み取ってください。',
    en: 'Too many reads are waiting for a card; cancel the waiting reads, then read again.',
  },
  NETWORK_UNREACHABLE: {
    ja: 'プラットフォームに接続できません。ネットワークの接続を確かめてから、もう一度操作してください。',
    en: 'The platform cannot be reached; check the network connection and try again.',
  },
  ANSWER_UNREADABLE: {
    ja: 'プラットフォームから読めない応答が返りました。しばらく待ってもう一度操作し、続くときは管理者に連絡してください。',
    en: 'The platform gave an answer this app cannot read; try again shortly, and tell the operator if it persists.',
  },
  BRIDGE_UNREACHABLE: {
    ja: 'カードブリッジに接続できません。ブリッジを起動してください。',
    en: 'The card bridge is not reachable; start it.',
  },
  BRIDGE_ANSWER_UNREADABLE: {
    ja: 'カードブリッジから読めない応答が返りました。受付アプリとカードブリッジを同じ版に更新してください。',
    en: 'The card bridge gave an answer this app cannot read; update the app and the bridge to the same version.',
  },
};

export function errorMessage(code: AnyErrorCode, language: Language = 'ja'): string {
  return ERROR_MESSAGES[code][language];
}

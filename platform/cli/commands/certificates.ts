import { readFile } from 'node:fs/promises';
import { errorMessage } from '../../../core/error-messages';
import { type LoadedCrl, listCrls } from '../../certificates/crl';
import { refreshCrlSources } from '../../certificates/crl-sources';
import { caKeyOf, TrustAnchors } from '../../certificates/trust-anchors';
import { importRenewals } from '../../use-cases/renewals';
import { args, type Command, CommandFailed, DomainFailure } from '../command';

function crlLoadedLine(loaded: LoadedCrl): string {
  return `失効リストを読み込みました / CRL loaded: ${loaded.issuer}; ${loaded.entries} 件 / entries; 次回更新 / next update ${loaded.nextUpdate ?? '—'}`;
}

/** The JPKI CAs trusted, their revocation lists, and certificate renewals from J-LIS. */
export const CERTIFICATE_COMMANDS: Command[] = [
  {
    words: ['trust', 'list'],
    usage: 'trust list',
    help: '信頼するJPKI認証局と指紋 / trusted JPKI CAs and fingerprints',
    files: true,
    async run({ config }, rest) {
      args(rest, 0);
      // As an operator checks them against J-LIS's published fingerprints.
      const anchors = TrustAnchors.fromPaths(config.trustAnchorPaths).all();
      if (anchors.length === 0)
        return {
          text: `信頼するJPKI認証局がありません / no trusted JPKI CA in ${config.trustAnchorPaths.join(', ')}`,
          json: [],
        };
      const described = anchors.map((anchor) => ({
        subject: anchor.subject.replaceAll('\n', ', '),
        validFrom: new Date(anchor.validFrom).toISOString(),
        validTo: new Date(anchor.validTo).toISOString(),
        sha256Fingerprint: anchor.fingerprint256,
        caKey: caKeyOf(anchor),
      }));
      return {
        text: described
          .map(
            (a) =>
              `${a.subject}\n    ${a.validFrom} → ${a.validTo}\n    SHA-256 ${a.sha256Fingerprint}\n    CA key ${a.caKey}`,
          )
          .join('\n'),
        json: described,
      };
    },
  },
  {
    words: ['crl', 'list'],
    usage: 'crl list',
    help: '読み込んだ失効リスト / CRLs loaded',
    async run({ db }, rest) {
      args(rest, 0);
      const crls = await listCrls(db());
      if (crls.length === 0) return { text: '失効リストはありません / no CRL loaded', json: [] };
      return {
        text: crls
          .map(
            (c) =>
              `${c.issuer}\n    CA key ${c.caKey}\n    ${c.entries} 件 / entries; ${c.thisUpdate} → ${c.nextUpdate ?? '—'}${c.stale ? ' ⚠ 期限切れ / past next update' : ''}`,
          )
          .join('\n'),
        json: crls,
      };
    },
  },
  {
    words: ['crl', 'load'],
    usage: 'crl load <file|URL>',
    help: "失効リスト (CRL, PEM/DER) を読み込む / load an issuer's CRL",
    async run({ db, config }, rest) {
      const [source = ''] = args(rest, 1);
      const anchors = TrustAnchors.fromPaths(config.trustAnchorPaths);
      const [result] = await refreshCrlSources(db(), anchors, [source]);
      if (result?.outcome !== 'loaded') throw new DomainFailure(result?.code ?? 'CRL_INVALID');
      return { text: crlLoadedLine(result.crl), json: result.crl };
    },
  },
  {
    words: ['crl', 'refresh'],
    usage: 'crl refresh',
    help: 'MYKEY_CRL_SOURCES の失効リストをすべて読み込む / load every configured CRL source',
    async run({ db, config }, rest) {
      args(rest, 0);
      const anchors = TrustAnchors.fromPaths(config.trustAnchorPaths);
      const results = await refreshCrlSources(db(), anchors, config.crlSources);
      if (results.length === 0)
        return {
          text: 'MYKEY_CRL_SOURCES が設定されていません / no CRL source is configured',
          json: [],
        };
      const lines = results.map((r) =>
        r.outcome === 'loaded'
          ? `${r.source}: ${crlLoadedLine(r.crl)}`
          : `${r.source}: ${errorMessage(r.code, 'ja')} / ${errorMessage(r.code, 'en')} (${r.code}: ${r.reason})`,
      );
      if (results.some((r) => r.outcome === 'refused')) throw new CommandFailed(lines.join('\n'));
      return { text: lines.join('\n'), json: results };
    },
  },
  {
    words: ['renewal', 'import'],
    usage: 'renewal import <file.jsonl>',
    help: '証明書更新を取り込み結果を報告 / import certificate renewals, report',
    async run({ db, config }, rest) {
      const [file = ''] = args(rest, 1);
      const anchors = TrustAnchors.fromPaths(config.trustAnchorPaths);
      const report = await importRenewals(db(), anchors, await readFile(file, 'utf8'));
      const refusals = report.lines.flatMap((l) =>
        l.outcome === 'refused'
          ? [`  ${l.line} 行目 / line ${l.line}: ${errorMessage(l.code, 'ja')} (${l.code})`]
          : [],
      );
      return {
        text: [
          `移動 / moved ${report.moved}, 変更なし / unchanged ${report.unchanged}, 取込済 / already applied ${report.alreadyApplied}, 拒否 / refused ${report.refused}`,
          ...refusals,
        ].join('\n'),
        json: report,
      };
    },
  },
];

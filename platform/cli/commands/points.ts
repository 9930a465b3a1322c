import { writeFile } from 'node:fs/promises';
import { ANALYTICS_WEEKS_MAX } from '../../../core/api/shop-analytics';
import { analyticsCsv } from '../../../core/points/analytics-csv';
import { settlementCsv } from '../../domain/points/settlement-csv';
import { args, argsBetween, type Command, invalidFile, unwrap } from '../command';
import {
  analyticsLines,
  partnerLines,
  programmeLines,
  readPartnerFile,
  readProgrammeFile,
  settlementLines,
  totalsLine,
} from '../points-lines';

/** Points programmes, their months' settlement and analytics, and the partners that convert. */
export const POINTS_COMMANDS: Command[] = [
  {
    words: ['points', 'list'],
    usage: 'points list',
    help: 'ポイント制度と規則の一覧 / list points programmes and their rules',
    async run({ registry }, rest) {
      args(rest, 0);
      const programmes = unwrap(await registry.programmes());
      return { text: programmeLines(programmes), json: programmes };
    },
  },
  {
    words: ['points', 'put'],
    usage: 'points put <file.json>',
    help: 'ポイント制度を作成・規則を更新 / create a programme or replace its rules',
    async run({ registry }, rest) {
      const [file = ''] = args(rest, 1);
      const read = await readProgrammeFile(file);
      if (!read.ok) throw invalidFile(file, 'programme', read.problems);
      const { outcome } = unwrap(await registry.putProgramme(read.value));
      return {
        text: `${outcome === 'created' ? 'ポイント制度を作成しました / created' : '規則を更新しました / rules replaced'}: ${read.value.code} ${read.value.name}`,
        json: { code: read.value.code, outcome },
      };
    },
  },
  {
    words: ['points', 'totals'],
    usage: 'points totals <code>',
    help: '発行・変換・利用・失効・残高の合計 / issued, converted, redeemed, expired, outstanding',
    async run({ registry }, rest) {
      const [code = ''] = args(rest, 1);
      const totals = unwrap(await registry.programmeTotals(code));
      return { text: totalsLine(totals), json: totals };
    },
  },
  {
    words: ['points', 'close'],
    usage: 'points close <code> <YYYY-MM>',
    help: '月を締めて精算 / close a month that has ended (months in order)',
    async run({ registry }, rest) {
      const [code = '', period = ''] = args(rest, 2);
      const settlement = unwrap(await registry.closePeriod(code, period));
      return { text: settlementLines(settlement), json: settlement };
    },
  },
  {
    words: ['points', 'settlement'],
    usage: 'points settlement <code> <YYYY-MM> [file.csv]',
    help: '精算の表示・CSV 書き出し / show a closed month, or write its CSV',
    async run({ registry }, rest) {
      const [code = '', period = '', file] = argsBetween(rest, 2, 3);
      const settlement = unwrap(await registry.settlement(code, period));
      if (file === undefined) return { text: settlementLines(settlement), json: settlement };
      // The same bytes as the admin API's CSV, for Excel.
      await writeFile(file, settlementCsv(settlement));
      return { text: `CSV を書き出しました / wrote ${file}`, json: settlement };
    },
  },
  {
    words: ['points', 'analytics'],
    usage: 'points analytics <code> [file.csv]',
    help: '顧客分析 (直近53週) の表示・CSV 書き出し / shop analytics, or write its CSV',
    async run({ registry }, rest) {
      const [code = '', file] = argsBetween(rest, 1, 2);
      const analytics = unwrap(await registry.analytics(code, ANALYTICS_WEEKS_MAX));
      if (file === undefined) return { text: analyticsLines(analytics), json: analytics };
      await writeFile(file, analyticsCsv(analytics));
      return { text: `CSV を書き出しました / wrote ${file}`, json: analytics };
    },
  },
  {
    words: ['partners', 'list'],
    usage: 'partners list',
    help: '提携企業と変換条件の一覧 / list partners and their conversion rules',
    async run({ registry }, rest) {
      args(rest, 0);
      const partners = unwrap(await registry.partners());
      return { text: partnerLines(partners), json: partners };
    },
  },
  {
    words: ['partners', 'put'],
    usage: 'partners put <file.json>',
    help: '提携企業の登録・変換条件の更新 / make a provider a partner, or change its rules',
    async run({ registry }, rest) {
      const [file = ''] = args(rest, 1);
      const read = await readPartnerFile(file);
      if (!read.ok) throw invalidFile(file, 'partner', read.problems);
      const { outcome } = unwrap(await registry.putPartner(read.value));
      return {
        text: `${outcome === 'created' ? '提携企業を登録しました / partner created' : '変換条件を更新しました / rules replaced'}: ${read.value.providerCode}`,
        json: { providerCode: read.value.providerCode, outcome },
      };
    },
  },
];

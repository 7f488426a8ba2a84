import { checkText } from '../shared/compliance';
import { chunkLines, loadRealOrdinary } from './compliance/eval-data';
const base = require('/tmp/c10e-base/shared/compliance').checkText as typeof checkText;
const rows = loadRealOrdinary();
const chunks = (['zh-CN', 'en'] as const).flatMap((l) => chunkLines(rows.filter((r) => r.locale === l).map((r) => r.text), 10000).map((t) => ({ t, l })));
const time = (f: typeof checkText) => { const t0 = process.hrtime.bigint(); for (let i = 0; i < 5; i++) for (const c of chunks) f({ text: c.t, locale: 'zh-CN', industry: 'general', channel: 'feed', brand: { forbiddenTerms: ['Acme', '某品牌'] } }); return Number(process.hrtime.bigint() - t0) / 1e6; };
time(checkText); time(base);
const a: number[] = [], b: number[] = []; for (let r = 0; r < 10; r++) { a.push(time(checkText)); b.push(time(base)); } console.log("min now", Math.min(...a).toFixed(0), "min base", Math.min(...b).toFixed(0));

import { checkText } from '../shared/compliance';
import { chunkLines, loadRealOrdinary } from './compliance/eval-data';
const rows = loadRealOrdinary();
const chunks = chunkLines(rows.map((r) => r.text), 10000);
const t0 = process.hrtime.bigint();
for (let i = 0; i < 30; i++) for (const c of chunks) checkText({ text: c, locale: 'zh-CN' });
console.log(Number(process.hrtime.bigint() - t0) / 1e6, 'ms');

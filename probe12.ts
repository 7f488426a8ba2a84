import { DEFAULT_ANOMALY_OPTIONS, scoreSeries } from './shared/budget/anomaly';
import { createRng } from './shared/budget/random';
for (const cyc of [0, 20]) for (const shift of [1, 2, 3, 4, 6]) {
  const row: string[] = [];
  for (const o of [{}, { scanScales: [2, 4, 8] }, { scanScales: [2, 4, 8], scanCombine: 'bonferroni' as const }]) {
    const firsts: string[] = []; let fa = 0;
    for (const seed of [1,2,3,4,5,6]) {
      const rng = createRng(seed);
      const n = 288 * 8, start = 288 * 7;
      const values = Array.from({ length: n }, (_v, i) => 100 + cyc * Math.sin((2 * Math.PI * i) / 288) + 2 * rng.normal() + (i >= start ? shift * 2 : 0));
      const pts = values.map((value, i) => ({ at: Date.UTC(2026, 0, 1) + i * 300_000, value }));
      const s = scoreSeries(pts, { ...DEFAULT_ANOMALY_OPTIONS, ...o });
      const first = s.findIndex((p, i) => i >= start && p.score >= 0.5);
      fa += s.filter((p, i) => i < start && i > 288 && p.alertScore >= 0.5).length;
      firsts.push(first < 0 ? '-' : String(first - start));
    }
    row.push(`${firsts.join(',')} fa${fa}`);
  }
  console.log(cyc, shift, row.join(' | '));
}

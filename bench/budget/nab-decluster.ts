/**
 * Experiment (negative result, see BENCHMARKS.md, NAB section): declustered alarms. At a threshold t
 * a row alarms only when it starts a run: its score is ≥ t and no row in the `dedupeWindow` rows
 * before it is. The flags depend on t, so NAB's sweep over one score column cannot be used; instead
 * every threshold on a grid is scored as binary detections, and leave-one-folder-out picks each
 * held-out folder's threshold on the other folders, as nab.ts does. Prints to stdout.
 *
 *   npx tsx bench/budget/nab-decluster.ts
 */
import { DEFAULT_ANOMALY_OPTIONS, scoreSeries } from '../../shared/budget/anomaly';
import { epochMs, loadCorpus, nabAvailable } from './nab-corpus';
import { normalisedScore, scoreAtThreshold, sweepFile, type ThresholdScore } from './nab-scorer';

const GRID = Array.from({ length: 81 }, (_unused, k) => 0.3 + 0.005 * k);

/** 1 where a run of rows scoring ≥ t starts (nothing ≥ t in the previous `gap` rows), else 0. */
function runStarts(scores: readonly number[], t: number, gap: number): number[] {
  let last = -Infinity;
  return scores.map((s, i) => {
    if (s < t) return 0;
    const start = i - last > gap;
    last = i;
    return start ? 1 : 0;
  });
}

function total(rows: readonly ThresholdScore[]): { score: number; tp: number; fp: number; rows: number } {
  return rows.reduce((a, r) => ({ score: a.score + r.score, tp: a.tp + r.tp, fp: a.fp + r.fp, rows: a.rows + r.tp + r.tn + r.fp + r.fn }), { score: 0, tp: 0, fp: 0, rows: 0 });
}

function main(): void {
  if (!nabAvailable()) throw new Error('NAB data not found (set NAB_DIR)');
  const corpus = loadCorpus();
  const gap = DEFAULT_ANOMALY_OPTIONS.dedupeWindow;
  const scores = corpus.files.map((f) =>
    scoreSeries(f.timestamps.map((t, i) => ({ at: epochMs(t), value: f.values[i] ?? Number.NaN })), DEFAULT_ANOMALY_OPTIONS).map((s) => s.score),
  );
  const binary = (flags: number[], i: number): ThresholdScore => {
    const f = corpus.files[i];
    if (!f) throw new Error('file index out of range');
    return scoreAtThreshold(sweepFile(f.name, f.timestamps, flags, f.windows, corpus.cost), corpus.cost, 1);
  };
  const table = GRID.map((t) => scores.map((s, i) => binary(runStarts(s, t, gap), i)));
  const lines = ['| held-out folder | threshold | score | FP rows | FA/1k |', '| --- | ---: | ---: | ---: | ---: |'];
  let raw = 0;
  let fp = 0;
  let rows = 0;
  let windows = 0;
  for (const folder of corpus.folders) {
    const held = corpus.files.map((f) => f.folder === folder);
    let best = 0;
    let bestScore = -Infinity;
    table.forEach((perFile, k) => {
      const s = perFile.reduce((a, r, i) => a + (held[i] ? 0 : r.score), 0);
      if (s > bestScore) [best, bestScore] = [k, s];
    });
    const out = total((table[best] ?? []).filter((_r, i) => held[i]));
    const w = corpus.files.reduce((a, f, i) => a + (held[i] ? f.windows.length : 0), 0);
    raw += out.score;
    fp += out.fp;
    rows += out.rows;
    windows += w;
    const shown = w > 0 ? normalisedScore(out.score, w, corpus.cost).toFixed(1) : `raw ${out.score.toFixed(2)}`;
    lines.push(`| ${folder} | ${(GRID[best] ?? 0).toFixed(3)} | ${shown} | ${out.fp} | ${((1000 * out.fp) / out.rows).toFixed(2)} |`);
  }
  lines.push('', `Leave-one-folder-out, declustered: ${normalisedScore(raw, windows, corpus.cost).toFixed(1)} normalised, ${fp} FP rows, ${((1000 * fp) / rows).toFixed(2)} per 1,000 rows.`);
  for (const t of [0.4, 0.45, 0.5]) {
    const k = GRID.findIndex((g) => Math.abs(g - t) < 1e-9);
    const d = total(table[k] ?? []);
    const p = total(scores.map((s, i) => binary(s.map((x) => (x >= t ? 1 : 0)), i)));
    lines.push(
      `One threshold ${t} on every folder (in-sample): declustered ${normalisedScore(d.score, windows, corpus.cost).toFixed(1)}, ${d.fp} FP rows (${((1000 * d.fp) / d.rows).toFixed(2)}/1k); every row ≥ t ${normalisedScore(p.score, windows, corpus.cost).toFixed(1)}, ${p.fp} FP rows (${((1000 * p.fp) / p.rows).toFixed(2)}/1k).`,
    );
  }
  console.log(lines.join('\n'));
}

main();

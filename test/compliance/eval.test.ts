import { loadLabelled, loadOrdinary } from '../../bench/compliance/eval-data';
import { checkText } from '../../shared/compliance';

/** Regression guard on the shipped evaluation data (the benchmark reports the full breakdown). */
describe('accuracy on the shipped evaluation data', () => {
  it('meets the recall and precision targets on the labelled set', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const row of loadLabelled()) {
      const got = new Set(checkText(row).findings.map((f) => f.ruleId));
      const want = new Set(row.expect);
      for (const id of want) (got.has(id) ? tp++ : fn++);
      for (const id of got) if (!want.has(id)) fp++;
    }
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.98);
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.98);
  });

  it('flags at most 2% of ordinary text', () => {
    const rows = loadOrdinary();
    expect(rows.length).toBeGreaterThanOrEqual(500);
    const flagged = rows.filter((row) => checkText(row).findings.length > 0);
    expect(flagged.length / rows.length).toBeLessThanOrEqual(0.02);
  });
});

import { oneStandardErrorPick } from '../../bench/budget/nab-corpus';

describe('NAB nested selection: the one-standard-error rule', () => {
  const defaults = { name: 'defaults', inner: [0.5, -0.2, 0.8, 0.1, 0.0, 0.3] };

  it('keeps the defaults when a variant\'s larger total comes from one file (gain within one SE)', () => {
    const lucky = { name: 'lucky', inner: [0.5, -0.2, 2.3, 0.1, -0.3, 0.3] };
    expect(oneStandardErrorPick([defaults, lucky]).name).toBe('defaults');
  });

  it('takes a variant that gains on file after file, and the largest such gain', () => {
    const steady = { name: 'steady', inner: defaults.inner.map((s) => s + 0.1) };
    const steadier = { name: 'steadier', inner: defaults.inner.map((s, i) => s + 0.2 + 0.01 * i) };
    expect(oneStandardErrorPick([defaults, steady]).name).toBe('steady');
    expect(oneStandardErrorPick([defaults, steady, steadier]).name).toBe('steadier');
  });

  it('never picks a variant that loses on the training files', () => {
    const worse = { name: 'worse', inner: defaults.inner.map((s) => s - 0.1) };
    expect(oneStandardErrorPick([defaults, worse]).name).toBe('defaults');
  });
});

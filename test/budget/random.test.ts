import { allocationSeed, createRng, seedFromKey } from '../../shared/budget/random';

function moments(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return { mean, variance: values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1) };
}

describe('seeded random numbers', () => {
  it('repeats exactly for a seed and differs across seeds', () => {
    const draw = (seed: number): number[] => {
      const rng = createRng(seed);
      return Array.from({ length: 5 }, () => rng.uniform());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('derives a stable seed per campaign and period', () => {
    expect(allocationSeed('c-1', '2025-03-03T00:00:00.000Z')).toBe(allocationSeed('c-1', '2025-03-03T00:00:00.000Z'));
    expect(allocationSeed('c-1', '2025-03-03T00:00:00.000Z')).not.toBe(allocationSeed('c-1', '2025-03-04T00:00:00.000Z'));
    expect(seedFromKey('')).toBeGreaterThanOrEqual(0);
    expect(Number.isInteger(seedFromKey('anything'))).toBe(true);
  });

  it('draws uniforms in [0, 1), standard normals and gammas with the right moments', () => {
    const rng = createRng(7);
    const uniforms = Array.from({ length: 20_000 }, () => rng.uniform());
    expect(Math.min(...uniforms)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...uniforms)).toBeLessThan(1);
    expect(moments(uniforms).mean).toBeCloseTo(0.5, 1);
    const normals = moments(Array.from({ length: 20_000 }, () => rng.normal()));
    expect(normals.mean).toBeCloseTo(0, 1);
    expect(normals.variance).toBeCloseTo(1, 1);
    for (const shape of [0.4, 1, 3.5, 30]) {
      const gammas = moments(Array.from({ length: 20_000 }, () => rng.gamma(shape)));
      expect(gammas.mean / shape).toBeCloseTo(1, 1);
      expect(gammas.variance / shape).toBeCloseTo(1, 0);
    }
    expect(() => rng.gamma(0)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { exponentialDelayMs, intBetween, pickOne, pickWeighted, seededRandom } from './seeded-random.ts';

describe('seeded random', () => {
  it('repeats itself for one seed and differs for another', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
  });

  it('gives integers in the range, both ends included', () => {
    const rng = seededRandom(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(intBetween(rng, 3, 6));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('picks by weight and never picks a weight of 0', () => {
    const rng = seededRandom(7);
    const counts = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 30_000; i++) {
      counts[
        pickWeighted(rng, [
          { item: 'a' as const, weight: 1 },
          { item: 'never' as const, weight: 0 },
          { item: 'b' as const, weight: 3 },
        ])
      ]++;
    }
    expect(counts.never).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.8);
    expect(counts.b / counts.a).toBeLessThan(3.2);
    expect(() => pickWeighted(rng, [{ item: 'x', weight: 0 }])).toThrow(RangeError);
    expect(() => pickOne(rng, [])).toThrow(RangeError);
  });

  it('spaces Poisson arrivals with the asked mean and an exponential spread', () => {
    const rng = seededRandom(2026);
    const perMinute = 12;
    const delays = Array.from({ length: 20_000 }, () => exponentialDelayMs(rng, perMinute));
    const mean = delays.reduce((s, d) => s + d, 0) / delays.length;
    expect(mean).toBeGreaterThan(5000 * 0.97);
    expect(mean).toBeLessThan(5000 * 1.03);
    // For an exponential wait, P(wait > mean) = 1/e ≈ 0.368: a fixed interval would give 0 or 1.
    const longer = delays.filter((d) => d > 5000).length / delays.length;
    expect(longer).toBeGreaterThan(0.35);
    expect(longer).toBeLessThan(0.385);
    expect(Math.min(...delays)).toBeGreaterThan(0);
    expect(() => exponentialDelayMs(rng, 0)).toThrow(RangeError);
  });
});

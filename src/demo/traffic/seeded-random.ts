/**
 * A small seeded random source for the demo traffic: the same seed gives the same arrivals,
 * channels, customers and words, so a test (or a bug report) can replay a run. Not for
 * anything secret.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
}

/**
 * mulberry32: 32 bits of state, fast, and good enough for picking customers and delays.
 *
 * @example
 * const rng = seededRandom(42);
 * rng.next(); // the same number on every run
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return {
    next() {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** An integer in [min, max], both included. */
export function intBetween(rng: Random, min: number, max: number): number {
  return min + Math.floor(rng.next() * (max - min + 1));
}

/** One item of a non-empty list, each as likely. */
export function pickOne<T>(rng: Random, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('nothing to pick from');
  return items[Math.floor(rng.next() * items.length)]!;
}

/** One item, each as likely as its weight; weights of 0 are never picked. */
export function pickWeighted<T>(rng: Random, items: readonly { item: T; weight: number }[]): T {
  const total = items.reduce((sum, i) => sum + Math.max(0, i.weight), 0);
  if (!(total > 0)) throw new RangeError('nothing with a weight above 0 to pick from');
  let roll = rng.next() * total;
  for (const { item, weight } of items) {
    if (weight <= 0) continue;
    roll -= weight;
    if (roll < 0) return item;
  }
  // Rounding can leave a sliver past the last one: it belongs to the last weighted item.
  return items.filter((i) => i.weight > 0).at(-1)!.item;
}

/**
 * The wait until the next arrival of a Poisson process with this mean rate (an exponential
 * wait): contacts come in clumps and lulls, as real ones do, not like a metronome.
 */
export function exponentialDelayMs(rng: Random, perMinute: number): number {
  if (!(perMinute > 0)) throw new RangeError('the rate must be above 0');
  // 1 - next() is in (0, 1], so the log is finite.
  return (-Math.log(1 - rng.next()) * 60_000) / perMinute;
}

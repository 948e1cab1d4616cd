/** Summary statistics over samples (milliseconds unless said otherwise). */

export interface Spread {
  runs: number;
  min: number;
  median: number;
  max: number;
}

export interface Latency {
  count: number;
  p50: number;
  p95: number;
  mean: number;
}

export function spread(samples: readonly number[]): Spread {
  const sorted = ascending(samples);
  return {
    runs: sorted.length,
    min: sorted[0],
    median: quantile(sorted, 0.5),
    max: sorted[sorted.length - 1],
  };
}

export function latency(samples: readonly number[]): Latency {
  const sorted = ascending(samples);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    p50: quantile(sorted, 0.5),
    p95: quantile(sorted, 0.95),
    mean: total / sorted.length,
  };
}

export function median(samples: readonly number[]): number {
  return quantile(ascending(samples), 0.5);
}

/** Linear interpolation between the closest ranks. */
function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

function ascending(samples: readonly number[]): number[] {
  return [...samples].sort((a, b) => a - b);
}

/** `items` rotated left by `by`, so each round starts with a different pack. */
export function rotate<T>(items: readonly T[], by: number): T[] {
  const shift = by % items.length;
  return [...items.slice(shift), ...items.slice(0, shift)];
}

/** Exponent k of t ∝ n^k between two sizes: 1 is linear, 2 quadratic. */
export function scalingExponent(small: { n: number; ms: number }, large: { n: number; ms: number }): number {
  return Math.log(large.ms / small.ms) / Math.log(large.n / small.n);
}

export function elapsedMs(since: number): number {
  return performance.now() - since;
}

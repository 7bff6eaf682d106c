// Discrete distributions of a number of free places: P(k) for k = 0, 1, ... as a Float64Array.

/** Adds one place that is free with chance q to a distribution over `count` places, in place. */
export function addBernoulli(p: Float64Array, count: number, q: number): Float64Array {
  for (let k = Math.min(count + 1, p.length - 1); k >= 1; k--) {
    p[k] = (p[k] as number) * (1 - q) + (p[k - 1] as number) * q;
  }
  p[0] = (p[0] as number) * (1 - q);
  return p;
}

export function mean(p: Float64Array): number {
  let sum = 0;
  for (let k = 1; k < p.length; k++) sum += k * (p[k] as number);
  return sum;
}

export function variance(p: Float64Array): number {
  const m = mean(p);
  let sum = 0;
  for (let k = 0; k < p.length; k++) sum += (k - m) * (k - m) * (p[k] as number);
  return sum;
}

/** The smallest k with P(X <= k) >= level (a little slack, so rounding never moves a quantile). */
export function quantile(p: Float64Array, level: number): number {
  let cumulative = 0;
  for (let k = 0; k < p.length; k++) {
    cumulative += p[k] as number;
    if (cumulative >= level - 1e-9) return k;
  }
  return p.length - 1;
}

/**
 * The 80% interval of a count. Between the 10% and 90% quantiles, a boundary value is kept only when at least half
 * of its probability lies inside the 10-90% band (mid-distribution quantiles): whole-number intervals from plain
 * quantiles hold far more than 80% for small counts (a location with a 85% chance of 0 free would get 0-1, which
 * always holds). When both ends fall away, the one with more mass inside the band is the interval.
 */
export function interval80(p: Float64Array): { low: number; high: number } {
  const q10 = quantile(p, 0.1);
  const q90 = quantile(p, 0.9);
  let below10 = 0;
  for (let k = 0; k < q10; k++) below10 += p[k] as number;
  let below90 = below10;
  for (let k = q10; k < q90; k++) below90 += p[k] as number;
  const at10 = p[q10] as number;
  const at90 = p[q90] as number;
  // Mass of the boundary value inside the band [0.1, 0.9].
  const inside10 = Math.min(0.9, below10 + at10) - 0.1;
  const inside90 = 0.9 - Math.max(0.1, below90);
  const low = inside10 >= at10 / 2 - 1e-12 ? q10 : q10 + 1;
  const high = inside90 >= at90 / 2 - 1e-12 ? q90 : q90 - 1;
  if (low <= high) return { low, high };
  const k = inside10 >= inside90 ? q10 : q90;
  return { low: k, high: k };
}

/** Mass below this is dropped from the tails of a running sum, which keeps large groups fast. */
const NEGLIGIBLE = 1e-13;

/** The distribution of the sum of independent counts: `offset + index` is the value. */
export function convolveTrimmed(ps: readonly Float64Array[]): { offset: number; p: Float64Array } {
  let offset = 0;
  let sum = new Float64Array([1]);
  for (const p of ps) {
    const next = new Float64Array(sum.length + p.length - 1);
    for (let i = 0; i < sum.length; i++) {
      const a = sum[i] as number;
      if (a === 0) continue;
      for (let j = 0; j < p.length; j++) next[i + j] = (next[i + j] as number) + a * (p[j] as number);
    }
    let lo = 0;
    let hi = next.length - 1;
    while (lo < hi && (next[lo] as number) < NEGLIGIBLE) lo++;
    while (hi > lo && (next[hi] as number) < NEGLIGIBLE) hi--;
    offset += lo;
    sum = next.slice(lo, hi + 1);
  }
  return { offset, p: sum };
}

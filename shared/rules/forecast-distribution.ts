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

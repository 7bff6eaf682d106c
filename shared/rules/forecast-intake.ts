// Intake dynamics learned, not assumed (#23 item 5): how fast a location's free places fill as a function of how many
// it has free. Each free place on its own clock makes the location's intake rate grow with its free places (exponent
// 1); a location that takes one youth at a time fills at one pace however many are free (exponent 0). The exponent is
// the maximum-likelihood fit, per care type, of intakes per location-week with k free places ~ lambda x k^exponent.
import { type Timeline, WEEK_MS } from "./forecast-history.js";

/** Free counts above this are pooled: few locations have more free at once. */
const MAX_K = 6;
/** Below this many intakes the data cannot tell the dynamics apart: each place on its own clock, as the model was. */
const MIN_INTAKES = 30;
// Up to 1: a place does not fill faster because others are free too; above it the fit only follows noise.
const EXPONENTS = Array.from({ length: 11 }, (_, i) => i / 10);

/** Location-weeks with k free places (index k) and the intakes that came while k were free. */
export interface IntakeTally {
  weeks: number[];
  intakes: number[];
}

export const emptyIntakeTally = (): IntakeTally => ({
  weeks: new Array<number>(MAX_K + 1).fill(0),
  intakes: new Array<number>(MAX_K + 1).fill(0),
});

export function addIntakes(into: IntakeTally, t: Timeline, end: number): void {
  for (let i = 1; i < t.at.length && (t.at[i] as number) < end; i++) {
    const free = Math.min(MAX_K, Math.max(0, (t.capacity[i - 1] as number) - (t.taken[i - 1] as number)));
    if (free === 0) continue;
    into.weeks[free] = (into.weeks[free] as number) + ((t.at[i] as number) - (t.at[i - 1] as number)) / WEEK_MS;
    const taken = (t.taken[i] as number) - (t.taken[i - 1] as number);
    if (taken > 0) into.intakes[free] = (into.intakes[free] as number) + taken;
  }
}

export interface IntakeDynamics {
  /** 1: each free place on its own clock; 0: one at a time. */
  exponent: number;
  /** Rescales the per-place fill rate so that intakes over the history add up under this exponent. */
  scale: number;
  intakes: number;
}

export function fitIntakeDynamics(tally: IntakeTally): IntakeDynamics {
  const total = tally.intakes.reduce((a, b) => a + b, 0);
  if (total < MIN_INTAKES) return { exponent: 1, scale: 1, intakes: total };
  const exposure = (b: number) => tally.weeks.reduce((sum, w, k) => sum + w * k ** b, 0);
  let best = { exponent: 1, logLik: Number.NEGATIVE_INFINITY };
  for (const b of EXPONENTS) {
    const lambda = total / exposure(b);
    let logLik = 0;
    tally.weeks.forEach((w, k) => {
      if (k === 0 || w <= 0) return;
      const mean = lambda * k ** b * w;
      logLik += (tally.intakes[k] as number) * Math.log(mean) - mean;
    });
    if (logLik > best.logLik) best = { exponent: b, logLik };
  }
  return { exponent: best.exponent, scale: exposure(1) / exposure(best.exponent), intakes: total };
}

/** The multiplier of a place's fill rate at a location with `free` places free now. */
export function intakeMultiplier(dynamics: IntakeDynamics | undefined, free: number): number {
  if (!dynamics || dynamics.exponent === 1) return 1;
  return dynamics.scale * Math.max(1, Math.min(MAX_K, free)) ** (dynamics.exponent - 1);
}

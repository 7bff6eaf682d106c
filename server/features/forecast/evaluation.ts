// The rolling evaluation on the live history (#23): run once a day after the model's refit, in slices so requests
// keep their turn; its Calibration (weights, bands, accuracy of the last six months) is kept in memory until the next.
import { setImmediate as yieldToRequests } from "node:timers/promises";
import type { LocationMunicipality } from "../../../shared/domain.js";
import type { HistoryInput } from "../../../shared/rules/forecast.js";
import { type Calibration, RollingEvaluation } from "../../../shared/rules/forecast-evaluation.js";
import { indexHistory, WEEK_MS } from "../../../shared/rules/forecast-history.js";

/** How far back the origins go: a year of errors for the weights and bands, and half a year before that to learn. */
const EVALUATION_WEEKS = 78;
/** The longest the evaluation holds the event loop before other work gets a turn (a refit takes longer, in one go). */
const SLICE_MS = 5;
/** Above this many locations the model is refitted every 13 weeks instead of 4: a refit costs a second or more. */
const LARGE_REGION = 2000;

export async function evaluateLive(
  history: HistoryInput,
  municipalities: ReadonlyMap<number, LocationMunicipality>,
  now: Date,
  stopped: () => boolean = () => false,
): Promise<Calibration | undefined> {
  const asOf = now.getTime();
  const firstEvent = history.events[0]?.at.getTime() ?? asOf;
  const last = asOf - WEEK_MS;
  const first = Math.min(last, Math.max(firstEvent + 4 * WEEK_MS, asOf - EVALUATION_WEEKS * WEEK_MS));
  const evaluation = new RollingEvaluation(indexHistory(history), municipalities, {
    first,
    last,
    asOf,
    refitWeeks: history.locations.length > LARGE_REGION ? 13 : 4,
    accuracyWeeks: 26,
  });
  let since = performance.now();
  for (const _ of evaluation.steps()) {
    if (stopped()) return undefined;
    if (performance.now() - since > SLICE_MS) {
      await yieldToRequests();
      since = performance.now();
    }
  }
  return evaluation.calibration();
}

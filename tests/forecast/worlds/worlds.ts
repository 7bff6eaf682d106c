// The four histories the forecast is tested on (#23 item 7): the demo generator's, and three written for the tests
// whose dynamics the model does not assume. Modest sizes (about 200 locations; two years by default, any number of
// days for the test worlds) keep the tests quick.
import { generateDemoData } from "../../../server/db/seed/generate.js";
import { toHistoryInput } from "../../../server/db/seed/planning.js";
import { simulateWorld, type World, type WorldOptions } from "./engine.js";

export const WORLD_END = new Date("2026-11-23T10:30:00Z");
const DAY = 86_400_000;

/** Long, lognormal stays; one youth at a time; planned departures that slip or are cancelled; many never announced. */
const heavyTail: WorldOptions = {
  seed: 23_001,
  locations: 200,
  days: 730,
  end: WORLD_END,
  stayMedianDays: {
    pleegzorg: 400,
    gezinshuis: 300,
    "kleinschalig-wonen": 200,
    residentieel: 120,
    driemilieu: 150,
    jeugdzorgplus: 60,
  },
  staySigma: 1.1,
  occupancy: 0.88,
  oneAtATime: true,
  batchShare: 0,
  announced: 0.4,
  slips: 0.35,
  cancelled: 0.15,
};

export function demoWorld(): World {
  const data = generateDemoData({ now: WORLD_END, seed: 5, scale: 0.7 });
  return { name: "demo", ...toHistoryInput(data) };
}

export function heavyTailWorld(days = heavyTail.days): World {
  return simulateWorld("heavy-tail", { ...heavyTail, days });
}

/** A third of the providers report once a week in a batch (their numbers are up to a week old); the rest as it happens. */
export function batchReportingWorld(days = heavyTail.days): World {
  return simulateWorld("batch-reporting", { ...heavyTail, days, seed: 23_002, oneAtATime: false, batchShare: 0.33 });
}

/** A three-month crisis wave (free places fill twice as fast) and residential capacity cut in three steps. */
export function regimeShiftWorld(days = heavyTail.days): World {
  // The wave and the cuts keep their place before the end, whatever the length: later days are the same regime.
  const waveFrom = days - 300;
  return simulateWorld("regime-shift", {
    ...heavyTail,
    days,
    seed: 23_003,
    oneAtATime: false,
    batchShare: 0.33,
    demand: (day) => (day >= waveFrom && day < waveFrom + 91 ? 2.2 : 1),
    cuts: [330, 230, 130].map((before) => ({
      day: days - before,
      careTypes: ["residentieel", "driemilieu"],
      places: 1,
    })),
  });
}

export const WORLDS = {
  demo: demoWorld,
  "heavy-tail": heavyTailWorld,
  "batch-reporting": batchReportingWorld,
  "regime-shift": regimeShiftWorld,
};
export { DAY };

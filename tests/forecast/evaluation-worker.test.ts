// The daily rolling evaluation runs in a worker thread that must not take CPU from the requests (#23): on Linux that
// thread alone drops to the weakest priority, read here from outside through /proc, and what it sends back, packed
// into transferred columns and rebuilt on this thread, is the same Calibration as the evaluation run in place.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateDemoData } from "../../server/db/seed/generate.js";
import { toHistoryInput } from "../../server/db/seed/planning.js";
import { evaluateColumns, evaluateLive } from "../../server/features/forecast/evaluation.js";
import { packCalibration, unpackCalibration } from "../../server/features/forecast/evaluation-result.js";
import { encodeHistory } from "../../server/features/forecast/history-columns.js";
import type { Calibration } from "../../shared/rules/forecast-evaluation.js";

const now = new Date("2026-11-23T10:30:00Z");
const linux = process.platform === "linux";

/** A thread's nice value: field 19 of /proc/self/task/<tid>/stat, counted after the ")" that ends its name. */
function niceOf(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
}
const ownNice = () => niceOf(readFileSync("/proc/thread-self/stat", "utf8"));

describe("the rolling evaluation's worker thread", () => {
  it("when the live evaluation runs, then its thread alone runs at a lower priority (nice 10) and its Calibration equals the one computed in place", async () => {
    const { history, municipalities } = toHistoryInput(generateDemoData({ now, seed: 11, scale: 0.3 }));
    const inPlace = evaluateColumns({ columns: await encodeHistory(history, municipalities), now: now.getTime() });
    const before = linux ? ownNice() : 0;
    const seen: { tid: number | null; nice?: number; ownNice?: number } = { tid: null };

    const live = await evaluateLive(await encodeHistory(history, municipalities), now, {
      started: (tid) => {
        seen.tid = tid;
        // Read from this thread while the worker is still evaluating: the worker's task and this one's.
        if (linux && tid !== null) {
          seen.nice = niceOf(readFileSync(`/proc/self/task/${tid}/stat`, "utf8"));
          seen.ownNice = ownNice();
        }
      },
    });

    expect(live).toBeDefined();
    expect(live).toEqual(inPlace);
    expect(Object.keys(inPlace.locationAccuracy).length).toBeGreaterThan(20);
    if (linux) {
      expect(seen.tid).toBeGreaterThan(0);
      expect(seen.tid).not.toBe(process.pid);
      expect(seen.nice).toBe(10);
      expect(seen.ownNice).toBe(before);
      expect(ownNice()).toBe(before);
    }
  }, 240_000);

  it("when a calibration with a location that has no share inside the band is packed and rebuilt, then it is unchanged", async () => {
    const calibration: Calibration = {
      asOf: now.toISOString(),
      origins: 3,
      weights: {} as Calibration["weights"],
      bands: { "location|pleegzorg": [null] },
      accuracy: { "|": [{ weeksAhead: 1, forecasts: 2, mae: 0.5, maeModel: 0.75, maePersistence: 1, inside: 0.5 }] },
      locationAccuracy: {
        "7": [
          { weeksAhead: 1, forecasts: 2, mae: 0.5, maeModel: 0.25, maePersistence: 1, inside: null },
          { weeksAhead: 12, forecasts: 1, mae: 2, maeModel: 3, maePersistence: 0, inside: 1 },
        ],
        "12": [],
        "100000": [{ weeksAhead: 4, forecasts: 26, mae: 1 / 3, maeModel: 0.1, maePersistence: 0.2, inside: 0 }],
      },
    };
    expect(await unpackCalibration(packCalibration(calibration))).toEqual(calibration);
  });

  it("when a calibration of 3,000 locations is rebuilt, then it gives the requests a turn after every 5,000 entries", async () => {
    const accuracy = (weeksAhead: number) => ({
      weeksAhead,
      forecasts: 26,
      mae: 1,
      maeModel: 2,
      maePersistence: 3,
      inside: 0.8,
    });
    const locationAccuracy = Object.fromEntries(
      Array.from({ length: 3000 }, (_, i) => [String(i + 1), [1, 2, 4, 8, 12].map(accuracy)]),
    );
    const calibration = { asOf: now.toISOString(), origins: 1, weights: {}, bands: {}, accuracy: {}, locationAccuracy };
    let pauses = 0;
    const rebuilt = await unpackCalibration(packCalibration(calibration as Calibration), async () => {
      pauses += 1;
    });
    expect(rebuilt).toEqual(calibration);
    expect(pauses).toBe(3);
  });
});

// The evaluation's answer on its way back from the worker thread. Its bulk is the accuracy of every location (at 10,000
// locations 50,000 small objects); posted as they are, the structured clone rebuilds them all on the requests' event
// loop in one synchronous step (hundreds of ms on a busy 2-core machine, measured with v8.deserialize). So the worker
// packs them into typed arrays whose buffers move without a copy, and this thread rebuilds them in slices.
import type { Calibration } from "../../../shared/rules/forecast-evaluation.js";
import type { Accuracy } from "../../../shared/rules/forecast-tally.js";

/** The Calibration with locationAccuracy as columns: per location its id and entry count, six numbers an entry. */
export interface PackedCalibration {
  rest: Omit<Calibration, "locationAccuracy">;
  locations: { id: Float64Array; count: Uint8Array; values: Float64Array };
}

const FIELDS = 6;
/** Entries rebuilt between turns for other work (about a millisecond's worth). */
const SLICE = 5_000;

export function packCalibration(c: Calibration): PackedCalibration {
  const { locationAccuracy, ...rest } = c;
  const entries = Object.entries(locationAccuracy);
  const total = entries.reduce((n, [, list]) => n + list.length, 0);
  const id = new Float64Array(entries.length);
  const count = new Uint8Array(entries.length);
  const values = new Float64Array(total * FIELDS);
  let at = 0;
  entries.forEach(([key, list], i) => {
    id[i] = Number(key);
    count[i] = list.length;
    for (const a of list) {
      // A null share inside the band travels as NaN, which no real share is.
      values.set([a.weeksAhead, a.forecasts, a.mae, a.maeModel, a.maePersistence, a.inside ?? Number.NaN], at);
      at += FIELDS;
    }
  });
  return { rest, locations: { id, count, values } };
}

export function packedTransferables(p: PackedCalibration): ArrayBuffer[] {
  const { id, count, values } = p.locations;
  return [id.buffer, count.buffer, values.buffer] as ArrayBuffer[];
}

/** Rebuilds the Calibration, awaiting `pause` every few thousand entries so requests keep their turn. */
export async function unpackCalibration(
  p: PackedCalibration,
  pause: () => Promise<unknown> = async () => {},
): Promise<Calibration> {
  const { id, count, values } = p.locations;
  const locationAccuracy: Record<string, Accuracy[]> = {};
  let at = 0;
  let sinceYield = 0;
  for (let i = 0; i < id.length; i++) {
    const list: Accuracy[] = [];
    for (let k = 0; k < (count[i] as number); k++) {
      const inside = values[at + 5] as number;
      list.push({
        weeksAhead: values[at] as number,
        forecasts: values[at + 1] as number,
        mae: values[at + 2] as number,
        maeModel: values[at + 3] as number,
        maePersistence: values[at + 4] as number,
        inside: Number.isNaN(inside) ? null : inside,
      });
      at += FIELDS;
    }
    locationAccuracy[String(id[i])] = list;
    sinceYield += list.length;
    if (sinceYield >= SLICE) {
      sinceYield = 0;
      await pause();
    }
  }
  return { ...p.rest, locationAccuracy };
}

// Where a committed capacity change goes: one named list of subscribers, each told of every change after commit.
import type { Logger } from "pino";
import type { CapacityEvent } from "../../../shared/schemas/capacity.js";

/** watched: false when the write saw that no searching request is followed, so a freed place needs no watch check. */
export type PublishHint = { watched: boolean };

/**
 * The subscribers of committed changes, by name. Every one must be given (a missing one is a type error), so adding
 * a consumer of capacity changes is one entry here and one in the app's wiring, never a line hidden in a closure.
 * - board: the per-location push to sockets (all processes, through the broker);
 * - totals: the aggregate counts this process pushes to its sockets that show totals;
 * - forecast: the forecast is recomputed and its readers told;
 * - watch: regisseurs following a request hear of a fitting place that came free;
 * - matchIndex: this process's match index takes a location's lifecycle change before the next match asks.
 */
export const CAPACITY_SUBSCRIBERS = ["board", "totals", "forecast", "watch", "matchIndex"] as const;
export type CapacitySubscriberName = (typeof CAPACITY_SUBSCRIBERS)[number];
/** May return a promise: its rejection is logged like a throw. */
export type CapacitySubscriber = (event: CapacityEvent, hint?: PublishHint) => unknown;

/**
 * One publish for the committed change: each subscriber in the list's order. A subscriber's failure (thrown or
 * rejected) is logged under its name and never keeps the others from hearing of the change.
 */
export function capacityFanOut(
  subscribers: Record<CapacitySubscriberName, CapacitySubscriber>,
  logger: Pick<Logger, "warn">,
): (event: CapacityEvent, hint?: PublishHint) => void {
  return (event, hint) => {
    for (const name of CAPACITY_SUBSCRIBERS) {
      const failed = (err: unknown) =>
        logger.warn({ err, subscriber: name, seq: event.seq }, "capacity subscriber failed");
      try {
        const done = subscribers[name](event, hint);
        if (done instanceof Promise) done.catch(failed);
      } catch (err) {
        failed(err);
      }
    }
  };
}

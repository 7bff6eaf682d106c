// The forecast bench's incremental phase against the real server: a planned departure is registered or moved
// through the API, and the bench times when a signed-in socket.io client hears forecast:changed and when a
// GET /api/forecast answer shows the change.
import { io as connect, type Socket } from "socket.io-client";
import type { Rng } from "../server/db/seed/random.js";
import type { Forecast, LocationForecast, PlannedMove } from "../shared/schemas/forecast.js";
import type { ClientToServerEvents, ServerToClientEvents } from "../shared/schemas/realtime.js";
import { call, type Headers } from "./api.js";
import { dayFromToday } from "./forecast-data.js";

const TIMEOUT_MS = 15_000;
/** Idle time after each change, so the next one starts a fresh push interval instead of joining the last. */
const GAP_MS = 250;

export interface ForecastListener {
  /** Resolves with the receipt time (performance.now()) of the first forecast:changed received after `after`. */
  next(after: number): Promise<number>;
  close(): void;
}

/** One socket.io client signed in with the session cookie, as the monitor page is. */
export async function listen(url: string, headers: Headers): Promise<ForecastListener> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(url, {
    transports: ["websocket"],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie: headers.cookie ?? "" },
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", (err) => reject(new Error(`socket could not connect: ${err.message}`)));
  });
  // Forecast pushes go only to sockets in the totals room, as the monitor page joins it.
  const joined = await socket.timeout(5000).emitWithAck("capacity:subscribe", { scope: "capaciteit-totalen" });
  if (!joined.ok) throw new Error(`could not join the totals room: ${JSON.stringify(joined)}`);
  const arrivals: number[] = [];
  let waiter: { after: number; resolve(at: number): void } | undefined;
  socket.on("forecast:changed", () => {
    const at = performance.now();
    arrivals.push(at);
    if (waiter && at > waiter.after) {
      waiter.resolve(at);
      waiter = undefined;
    }
  });
  return {
    next(after) {
      const seen = arrivals.find((at) => at > after);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = undefined;
          reject(new Error(`no forecast:changed within ${TIMEOUT_MS} ms`));
        }, TIMEOUT_MS);
        waiter = {
          after,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
      });
    },
    close: () => {
      socket.removeAllListeners();
      socket.disconnect();
    },
  };
}

export interface ChangeSample {
  kind: "registered" | "moved";
  /** From sending the change: its answer, forecast:changed at the client, a GET /api/forecast that shows it. */
  ackMs: number;
  pushMs: number;
  visibleMs: number;
  /** GET /api/forecast calls until one showed the change (1: the first did). */
  gets: number;
  /** The location's own forecast (GET /api/locations/:id/forecast) showed the change once the total did. */
  locationAgrees: boolean;
}

export interface Driver {
  /** Planned departures in the region total's last week, as the bench expects it now. */
  expectedTotal: number;
  /** One change; "push": wait for forecast:changed, then GET; "ask": GET right after the change's answer. */
  change(mode: "push" | "ask"): Promise<ChangeSample>;
}

/**
 * Alternates registering a sure departure within the 12 weeks (the region's week-12 count goes up by one) and moving
 * the one just registered beyond them (down by one), so every change is visible in the total and in its location.
 */
export async function createDriver(
  url: string,
  as: Headers,
  events: ForecastListener,
  locationIds: readonly number[],
  rng: Rng,
): Promise<Driver> {
  let pending: PlannedMove | undefined;
  const lastWeek = (f: Forecast) => f.total.weeks[f.total.weeks.length - 1]?.plannedDepartures ?? Number.NaN;
  const locationLastWeek = (f: LocationForecast) => f.weeks[f.weeks.length - 1]?.plannedDepartures ?? Number.NaN;
  const driver: Driver = {
    expectedTotal: lastWeek(await call<Forecast>(url, "/api/forecast", as)),
    change: async (mode) => {
      const kind = pending ? "moved" : "registered";
      const locationId = pending?.locationId ?? rng.pick(locationIds);
      const before = locationLastWeek(await call<LocationForecast>(url, `/api/locations/${locationId}/forecast`, as));
      const delta = kind === "registered" ? 1 : -1;

      const t0 = performance.now();
      const push = events.next(t0);
      push.catch(() => {}); // awaited below; a timeout then fails this change
      if (kind === "registered") {
        pending = await call<PlannedMove>(url, `/api/locations/${locationId}/planned`, as, "POST", {
          direction: "uitstroom",
          expectedDate: dayFromToday(rng.int(7, 70)),
          certainty: "zeker",
        });
      } else {
        await call(url, `/api/planned/uitstroom/${pending?.id}`, as, "PUT", {
          expectedDate: dayFromToday(100),
          certainty: "zeker",
        });
        pending = undefined;
      }
      const ackAt = performance.now();
      driver.expectedTotal += delta;
      let pushAt = Number.NaN;
      if (mode === "push") pushAt = await push;
      let gets = 0;
      let visibleAt = 0;
      const deadline = performance.now() + TIMEOUT_MS;
      for (;;) {
        const forecast = await call<Forecast>(url, "/api/forecast", as);
        gets += 1;
        visibleAt = performance.now();
        if (lastWeek(forecast) === driver.expectedTotal) break;
        if (visibleAt > deadline) throw new Error(`the ${kind} departure did not show within ${TIMEOUT_MS} ms`);
      }
      if (mode === "ask") pushAt = await push;
      const after = locationLastWeek(await call<LocationForecast>(url, `/api/locations/${locationId}/forecast`, as));
      // Let the push interval run out, so the next change does not ride on this one's push.
      await new Promise((resolve) => setTimeout(resolve, GAP_MS));
      return {
        kind,
        ackMs: ackAt - t0,
        pushMs: pushAt - t0,
        visibleMs: visibleAt - t0,
        gets,
        locationAgrees: after === before + delta,
      };
    },
  };
  return driver;
}

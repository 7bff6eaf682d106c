// Applies a planned file in the caller's transaction, step by step, with the aanbod use cases themselves: each checks
// its rules again under its row lock, writes its audit entry and returns its events. Nothing here writes a row.
import type { CapacityEvent } from "../../../shared/schemas/capacity.js";
import type { Tx } from "../../db/client.js";
import type { ChangeContext } from "../../policies/types.js";
import { closeLocationIn, createLocationIn, reopenLocationIn, updateLocationIn } from "../aanbod/locations.js";
import { type Applied, createProviderIn, updateProviderIn } from "../aanbod/service.js";
import type { Step } from "./plan.js";

export async function applySteps(
  tx: Tx,
  steps: readonly Step[],
  providerIds: ReadonlyMap<string, number>,
  ctx: ChangeContext,
): Promise<CapacityEvent[]> {
  const ids = new Map(providerIds);
  // Each change raises a location's version: the next step on it names the version the previous one left.
  const versions = new Map<number, number>();
  const events: CapacityEvent[] = [];
  const run = async <T>(work: Promise<Applied<T>>) => {
    const done = await work;
    events.push(...done.events);
    return done.result;
  };
  const versionOf = (step: { locationId: number; version: number }) => versions.get(step.locationId) ?? step.version;

  for (const step of steps) {
    switch (step.kind) {
      case "provider.create": {
        const provider = await run(createProviderIn(tx, step.input, ctx));
        ids.set(step.agbCode, provider.id);
        break;
      }
      case "provider.update":
        await run(updateProviderIn(tx, step.providerId, step.patch, ctx));
        break;
      case "location.create": {
        const providerId = ids.get(step.agbCode);
        if (providerId === undefined) throw new Error(`no provider for AGB ${step.agbCode} in the plan`);
        let location = await run(createLocationIn(tx, { ...step.input, providerId }, ctx));
        if (step.closedOn !== null) {
          const body = { version: location.version, closedOn: step.closedOn };
          location = await run(closeLocationIn(tx, location.id, body, ctx));
        }
        break;
      }
      case "location.reopen": {
        const version = versionOf(step);
        const location = await run(reopenLocationIn(tx, step.locationId, { version }, ctx));
        versions.set(location.id, location.version);
        break;
      }
      case "location.update": {
        const version = versionOf(step);
        const location = await run(updateLocationIn(tx, step.locationId, { ...step.patch, version }, ctx));
        versions.set(location.id, location.version);
        break;
      }
      case "location.close": {
        const version = versionOf(step);
        const body = { version, closedOn: step.closedOn };
        const location = await run(closeLocationIn(tx, step.locationId, body, ctx));
        versions.set(location.id, location.version);
        break;
      }
    }
  }
  return events;
}

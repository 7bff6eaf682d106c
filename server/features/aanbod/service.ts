// Aanbod use cases for providers, the list of the region, and the one way a change commits and is published.
// Each use case is a function of a transaction (the ...In functions) that returns the capacity events it appended;
// the thin wrappers open the transaction and publish those events after commit. An import applies a whole file with
// the same functions in ONE transaction and publishes afterwards (see `applied`).
import { changedFields, sentFields } from "../../../shared/rules/changed-fields.js";
import type { Provider, ProviderCreate, ProviderList, ProviderPatch } from "../../../shared/schemas/aanbod.js";
import type { CapacityEvent } from "../../../shared/schemas/capacity.js";
import type { Db, Tx } from "../../db/client.js";
import { Conflict, Forbidden, NotFound } from "../../http/errors.js";
import { can } from "../../policies/policy.js";
import type { ChangeContext } from "../../policies/types.js";
import { recordAudits } from "../audit/service.js";
import { presentLocation } from "../capacity/presenter.js";
import { describeChanges, presentProvider } from "./presenter.js";
import * as repo from "./repository.js";

export interface AanbodDeps {
  db: Db;
  /** Delivers a committed capacity event to every subscriber (capacity/fan-out.ts). */
  publish(event: CapacityEvent): void;
}

/** What a use case did in its transaction: its answer, and the events to publish once that transaction commits. */
export interface Applied<T> {
  result: T;
  events: CapacityEvent[];
}

/** Runs a use case in its own transaction and publishes its events after commit, in sequence order. */
export async function applied<T>(deps: AanbodDeps, work: (tx: Tx) => Promise<Applied<T>>): Promise<T> {
  const { result, events } = await deps.db.transaction(work);
  for (const event of [...events].sort((a, b) => a.seq - b.seq)) deps.publish(event);
  return result;
}

/** Every provider with its locations, closed ones included: the beheer list and the export. */
export async function listProviders(db: Db | Tx): Promise<ProviderList> {
  const [providers, locations] = await Promise.all([repo.allProviders(db), repo.allLocations(db)]);
  const byProvider = new Map<number, ReturnType<typeof presentLocation>[]>();
  for (const row of locations) {
    const list = byProvider.get(row.location.providerId) ?? [];
    list.push(presentLocation(row));
    byProvider.set(row.location.providerId, list);
  }
  return { providers: providers.map((p) => ({ ...presentProvider(p), locations: byProvider.get(p.id) ?? [] })) };
}

export function authorizeManage(ctx: ChangeContext, action: "providers.manage" | "locations.create") {
  if (!can(ctx.actor, action)) throw new Forbidden(action);
}

async function refuseClash(tx: Tx, values: { agbCode?: string; name?: string }, exceptId?: number) {
  const clash = await repo.providerClash(tx, values, exceptId);
  if (!clash) return;
  if (clash.agbCode === values.agbCode)
    throw new Conflict(`AGB-code ${values.agbCode} hoort al bij aanbieder ${clash.name} (id ${clash.id}).`);
  throw new Conflict(`Er is al een aanbieder met de naam ${clash.name} (id ${clash.id}).`);
}

export async function createProviderIn(tx: Tx, input: ProviderCreate, ctx: ChangeContext): Promise<Applied<Provider>> {
  authorizeManage(ctx, "providers.manage");
  await refuseClash(tx, input);
  const row = await repo.insertProvider(tx, input);
  const after = presentProvider(row);
  await recordAudits(tx, [
    {
      actor: ctx.actor,
      action: "aanbieder.aangemaakt",
      objectType: "aanbieder",
      objectId: row.id,
      outcome: "succes",
      ip: ctx.ip,
      requestKey: ctx.requestKey,
      detail: `${row.name} (AGB ${row.agbCode})`,
      data: { after },
    },
  ]);
  return { result: after, events: [] };
}

/** Changes the fields sent, at the version the caller saw (409 when stale); nothing sent that differs, nothing done. */
export async function updateProviderIn(
  tx: Tx,
  id: number,
  patch: ProviderPatch,
  ctx: ChangeContext,
): Promise<Applied<Provider>> {
  authorizeManage(ctx, "providers.manage");
  const current = await repo.lockProvider(tx, id);
  if (!current) throw new NotFound(`Aanbieder ${id} bestaat niet.`);
  if (current.version !== patch.version)
    throw new Conflict(
      `Versie ${patch.version} is verouderd: de aanbieder is inmiddels gewijzigd (versie ${current.version}).`,
    );
  const { version: _, ...fields } = patch;
  const before = presentProvider(current);
  const changed: Partial<ProviderCreate> = Object.fromEntries(
    changedFields(before, fields, sentFields(fields)).map((f) => [f, fields[f]]),
  );
  if (Object.keys(changed).length === 0) return { result: before, events: [] };
  await refuseClash(tx, { agbCode: changed.agbCode, name: changed.name }, id);
  const after = presentProvider(await repo.updateProvider(tx, id, changed));
  const was = Object.fromEntries(Object.keys(changed).map((k) => [k, before[k as keyof Provider]]));
  await recordAudits(tx, [
    {
      actor: ctx.actor,
      action: "aanbieder.gewijzigd",
      objectType: "aanbieder",
      objectId: id,
      outcome: "succes",
      ip: ctx.ip,
      requestKey: ctx.requestKey,
      detail: describeChanges(was, changed),
      data: { before: was, after: changed },
    },
  ]);
  return { result: after, events: [] };
}

export const createProvider = (deps: AanbodDeps, input: ProviderCreate, ctx: ChangeContext) =>
  applied(deps, (tx) => createProviderIn(tx, input, ctx));
export const updateProvider = (deps: AanbodDeps, id: number, patch: ProviderPatch, ctx: ChangeContext) =>
  applied(deps, (tx) => updateProviderIn(tx, id, patch, ctx));

// The steps an import plans, and how the planning collects a row's reasons by column.
import type { z } from "zod";
import type { LocationCreate, LocationPatch, ProviderCreate, ProviderPatch } from "../../../shared/schemas/aanbod.js";
import type { AanbodColumn } from "../../../shared/schemas/aanbod-import.js";

/** One step of applying a file, in order: providers first, then each row's location, then the missing ones. */
export type Step =
  | { kind: "provider.create"; agbCode: string; input: ProviderCreate }
  | { kind: "provider.update"; providerId: number; patch: ProviderPatch }
  | { kind: "location.create"; agbCode: string; input: Omit<LocationCreate, "providerId">; closedOn: string | null }
  /** version: the location's as the plan read it; a step after another on the same location takes the newer one. */
  | { kind: "location.reopen"; locationId: number; version: number }
  | { kind: "location.update"; locationId: number; version: number; patch: Omit<LocationPatch, "version"> }
  | { kind: "location.close"; locationId: number; version: number; closedOn: string };

export interface PlanOptions {
  closeMissing: boolean;
  /** Today in the Netherlands (JJJJ-MM-DD): no location closes in the future. */
  today: string;
}

/** A row's reasons, by column, in the order they were found. */
export type Errors = Map<AanbodColumn, string[]>;

export function add(errors: Errors, column: AanbodColumn, message: string) {
  errors.set(column, [...(errors.get(column) ?? []), message]);
}

/** The contract's issues, by column, except for columns whose cell was already refused (one reason per cause). */
export function addIssues(
  errors: Errors,
  issues: z.core.$ZodIssue[],
  columns: Readonly<Record<string, AanbodColumn | undefined>>,
  skip: ReadonlyMap<AanbodColumn, unknown>,
) {
  for (const issue of issues) {
    const column = columns[String(issue.path[0])];
    if (!column || skip.has(column)) continue;
    add(errors, column, issue.message);
  }
}

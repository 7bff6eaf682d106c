// The dry run: what a file does to the current list, row by row, and the steps that apply it. Pure: the current list
// comes in, nothing is read or written here. Rows are matched on AGB code + location code; every value is checked
// by the contract's own zod schemas (shared/schemas/aanbod.ts), and a row's reasons are all named, not only the first.
import {
  type ProviderCreate,
  type ProviderList,
  type ProviderPatch,
  providerCreateSchema,
} from "../../../shared/schemas/aanbod.js";
import type { AanbodColumn, ImportResult, ImportRow, MissingLocation } from "../../../shared/schemas/aanbod-import.js";
import { changeLocation, openLocation } from "./plan-location.js";
import type { FileRow, FileRows } from "./rows.js";
import { add, addIssues, type Errors, type PlanOptions, type Step } from "./steps.js";

export type { PlanOptions, Step } from "./steps.js";

export interface Plan {
  result: Omit<ImportResult, "applied" | "dryRun">;
  steps: Step[];
  /** Whether the file may be applied: no row and no missing location is "fout", and the file itself is sound. */
  ok: boolean;
}

const PROVIDER_COLUMN: Record<"agbCode" | "name" | "kind" | "email", AanbodColumn> = {
  agbCode: "aanbieder_agb",
  name: "aanbieder_naam",
  kind: "aanbieder_soort",
  email: "aanbieder_email",
};

const keyOf = (agbCode: string, code: string) => `${agbCode}\u0000${code}`;

export function planImport(file: FileRows, current: ProviderList, options: PlanOptions): Plan {
  const byAgb = new Map(current.providers.map((p) => [p.agbCode, p]));
  const providers: ProvidersSeen = {
    byName: new Map(current.providers.map((p) => [p.name, p])),
    first: new Map(),
    newNames: new Map(),
  };
  const seen = new Map<string, number>();
  const providerSteps: Step[] = [];
  const locationSteps: Step[] = [];
  const rows: ImportRow[] = [];

  for (const row of file.rows) {
    const errors: Errors = new Map([...row.errors].map(([c, m]) => [c, [m]]));
    const v = row.values;
    const agbCode = v.agbCode ?? "";
    const code = v.code ?? "";
    const fields: AanbodColumn[] = [];

    const existing = v.agbCode === undefined ? undefined : byAgb.get(v.agbCode);
    providerSteps.push(...planProvider(row, existing, providers, errors, fields));

    // The location: one row per AGB code + location code.
    if (v.agbCode !== undefined && v.code !== undefined) {
      const key = keyOf(v.agbCode, v.code);
      const earlier = seen.get(key);
      if (earlier !== undefined)
        add(errors, "locatie_code", `${v.code} staat voor deze AGB-code al op regel ${earlier}`);
      else seen.set(key, row.line);
    }
    const location = existing?.locations.find((l) => l.code === v.code);
    const steps = location
      ? changeLocation(row, location, file.columns, options, errors, fields)
      : openLocation(row, agbCode, file.columns, options, errors);

    const reasons = [...errors].flatMap(([column, messages]) => messages.map((m) => `${column}: ${m}`));
    const shown = { line: row.line, agbCode, code, name: v.name ?? "" };
    if (reasons.length > 0) rows.push({ ...shown, outcome: "fout", errors: reasons });
    else if (!location) rows.push({ ...shown, outcome: "nieuw", ...(fields.length > 0 ? { fields } : {}) });
    else if (fields.length > 0) rows.push({ ...shown, outcome: "gewijzigd", fields });
    else rows.push({ ...shown, outcome: "ongewijzigd" });
    locationSteps.push(...steps);
  }

  const missing = missingLocations(file, current, seen, options);
  for (const m of missing)
    if (m.outcome === "sluiten")
      locationSteps.push({
        kind: "location.close",
        locationId: m.locationId,
        version: m.version,
        closedOn: options.today,
      });
  const count = (outcome: ImportRow["outcome"]) => rows.filter((r) => r.outcome === outcome).length;
  const counts = {
    nieuw: count("nieuw"),
    gewijzigd: count("gewijzigd"),
    ongewijzigd: count("ongewijzigd"),
    fout: count("fout"),
    sluiten: missing.filter((m) => m.outcome !== "blijft-open").length,
  };
  const ok = file.errors.length === 0 && counts.fout === 0 && missing.every((m) => m.outcome !== "fout");
  return {
    result: {
      counts,
      fileErrors: file.errors,
      unknownColumns: file.unknownColumns,
      rows,
      missing: missing.map(({ version: _, ...m }) => m),
    },
    steps: ok ? [...providerSteps, ...locationSteps] : [],
    ok,
  };
}

/** What the rows so far said about providers: each AGB code's first row, and the names new providers take. */
interface ProvidersSeen {
  byName: Map<string, ProviderList["providers"][number]>;
  first: Map<string, { line: number; input: ProviderCreate }>;
  newNames: Map<string, string>;
}

/** The provider of a row: the same on every row that names its AGB code, created or changed once (its first row). */
function planProvider(
  row: FileRow,
  existing: ProviderList["providers"][number] | undefined,
  seen: ProvidersSeen,
  errors: Errors,
  fields: AanbodColumn[],
): Step[] {
  const v = row.values;
  const parsed = providerCreateSchema.safeParse({
    name: v.providerName,
    agbCode: v.agbCode,
    kind: v.kind,
    email: v.email ?? null,
  });
  if (!parsed.success) {
    addIssues(errors, parsed.error.issues, PROVIDER_COLUMN, row.errors);
    return [];
  }
  const input = parsed.data;
  const first = seen.first.get(input.agbCode);
  if (first) {
    for (const field of ["name", "kind", "email"] as const)
      if (first.input[field] !== input[field])
        add(
          errors,
          PROVIDER_COLUMN[field],
          `wijkt af van regel ${first.line} (${first.input[field] ?? "leeg"}) voor dezelfde AGB-code`,
        );
    return [];
  }
  seen.first.set(input.agbCode, { line: row.line, input });
  const namesake = seen.byName.get(input.name);
  if (namesake && namesake.agbCode !== input.agbCode)
    add(errors, "aanbieder_naam", `${input.name} is al de naam van de aanbieder met AGB-code ${namesake.agbCode}`);
  if (!existing) {
    const other = seen.newNames.get(input.name);
    if (other !== undefined && other !== input.agbCode)
      add(errors, "aanbieder_naam", `${input.name} staat ook bij AGB-code ${other}`);
    seen.newNames.set(input.name, input.agbCode);
    return [{ kind: "provider.create", agbCode: input.agbCode, input }];
  }
  const changed = (["name", "kind", "email"] as const).filter((f) => existing[f] !== input[f]);
  if (changed.length === 0) return [];
  const patch: ProviderPatch = { version: existing.version };
  for (const f of changed) Object.assign(patch, { [f]: input[f] });
  fields.push(...changed.map((f) => PROVIDER_COLUMN[f]));
  return [{ kind: "provider.update", providerId: existing.id, patch }];
}

/** Open locations the file does not name: they stay open, unless the beheerder asked to close them. */
function missingLocations(
  file: FileRows,
  current: ProviderList,
  seen: Map<string, number>,
  options: PlanOptions,
): (MissingLocation & { version: number })[] {
  if (file.errors.length > 0) return [];
  return current.providers.flatMap((p) =>
    p.locations
      .filter((l) => l.closedOn === null && !seen.has(keyOf(p.agbCode, l.code)))
      .map((l): MissingLocation & { version: number } => {
        const shown = {
          locationId: l.id,
          version: l.version,
          agbCode: p.agbCode,
          providerName: p.name,
          code: l.code,
          name: l.name,
        };
        if (!options.closeMissing) return { ...shown, outcome: "blijft-open" };
        if (l.occupied + l.reserved === 0) return { ...shown, outcome: "sluiten" };
        const why = `sluiten kan niet: nog ${l.occupied} bezette en ${l.reserved} gereserveerde plek(ken)`;
        return { ...shown, outcome: "fout", errors: [why] };
      }),
  );
}

// A forecast history as a JSON file (historyFileSchema) and back: what lets a region backtest the forecast on its own
// past, or anyone on a history no one on the project generated. Pure: the CLIs read and write the files.
import type { LocationMunicipality } from "../domain.js";
import { type HistoryFile, historyFileSchema } from "../schemas/forecast.js";
import type { HistoryInput } from "./forecast.js";

export interface ParsedHistory {
  history: HistoryInput;
  municipalities: Map<number, LocationMunicipality>;
}

/** Thrown with one line per problem, each naming the field (e.g. `events[12].at: ...`). */
export class HistoryFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`De historie klopt niet:\n${problems.map((p) => `  ${p}`).join("\n")}`);
  }
}

const fieldPath = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (out, key) => (typeof key === "number" ? `${out}[${key}]` : out ? `${out}.${String(key)}` : String(key)),
    "",
  );

/** Validates a parsed JSON value; events and planning are put in time order (the model reads them so). */
export function parseHistoryFile(json: unknown): ParsedHistory {
  const parsed = historyFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 20).map((i) => `${fieldPath(i.path) || "(bestand)"}: ${i.message}`);
    if (parsed.error.issues.length > 20) problems.push(`... en nog ${parsed.error.issues.length - 20} problemen`);
    throw new HistoryFileError(problems);
  }
  const file = parsed.data;
  const known = new Set(file.locations.map((l) => l.id));
  const unknown = [...file.events, ...file.planning].findIndex((e) => !known.has(e.locationId));
  if (unknown >= 0) {
    const inEvents = unknown < file.events.length;
    const at = inEvents ? `events[${unknown}]` : `planning[${unknown - file.events.length}]`;
    throw new HistoryFileError([`${at}.locationId: geen locatie met dit id in locations`]);
  }
  const byTime = <T extends { at: Date }>(rows: T[]) =>
    rows
      .map((r, i) => ({ r, i }))
      .sort((a, b) => a.r.at.getTime() - b.r.at.getTime() || a.i - b.i)
      .map((x) => x.r);
  const history: HistoryInput = {
    locations: file.locations.map((l) => ({ ...l, createdAt: new Date(l.createdAt) })),
    events: byTime(file.events.map((e) => ({ ...e, at: new Date(e.at) }))),
    planning: byTime(file.planning.map((e) => ({ ...e, at: new Date(e.at) }))),
  };
  const municipalities = new Map<number, LocationMunicipality>();
  for (const [id, gemeente] of Object.entries(file.municipalities)) municipalities.set(Number(id), gemeente);
  return { history, municipalities };
}

/** The file form of a history: instants as ISO strings, gemeenten keyed by location id. */
export function toHistoryFile(history: HistoryInput, municipalities: ReadonlyMap<number, LocationMunicipality>) {
  const iso = <T extends { at: Date }>(rows: readonly T[]) => rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  return {
    locations: history.locations.map((l) => ({ ...l, createdAt: l.createdAt.toISOString() })),
    events: iso(history.events),
    planning: iso(history.planning),
    municipalities: Object.fromEntries([...municipalities].map(([id, m]) => [String(id), m])),
  } satisfies HistoryFile;
}

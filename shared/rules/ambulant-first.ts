// "Ambulant alternatief eerst" (domain.md rules 1 and 2): what a request still lacks before it may be searched for.
import type { Urgency } from "../domain.js";

export interface GateInput {
  urgency: Urgency;
  complex: boolean;
  ambulantAlternatives: number;
  hasExplanatoryAnalysis: boolean;
}

/** The missing pieces, in Dutch, one per line; empty when the request may go to "zoekend". */
export function missingBeforeSearch(r: GateInput): string[] {
  // Crisis is the one exception: search at once, the record is owed later (see ambulantOverdue).
  if (r.urgency === "crisis") return [];
  const missing: string[] = [];
  if (r.ambulantAlternatives === 0) {
    missing.push("Leg eerst minstens één ingezet of overwogen ambulant alternatief vast, met uitkomst en reden.");
  }
  if (r.complex && !r.hasExplanatoryAnalysis) {
    missing.push(
      "Bij complexe problematiek is een verklarende analyse nodig: leg vast wanneer en door wie die is gemaakt.",
    );
  }
  return missing;
}

/** A crisis request that still owes its ambulant record after the due date is overdue, on every list. */
export function ambulantOverdue(
  r: { urgency: Urgency; ambulantAlternatives: number; ambulantDueAt: Date | null },
  now: Date,
): boolean {
  return r.urgency === "crisis" && r.ambulantAlternatives === 0 && r.ambulantDueAt !== null && now > r.ambulantDueAt;
}

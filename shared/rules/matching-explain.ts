// The words of a match: why it ranks where it does, one line per rule, in the order a regisseur reads them.
import { amsterdamToday } from "../calendar.js";
import { CARE_TYPE_LABELS, CARE_TYPES } from "../domain.js";
import { PLACE_FLAG_LABELS } from "../labels.js";
import type { Match, ScoreComponent, Scored } from "./matching.js";

export const round = (n: number) => Math.round(n * 10) / 10;

/**
 * Each score component through `f`, in their order. Spelled out: copying them generically (rest or fromEntries) cost
 * more per listed location than ranking it.
 */
export function eachComponent(
  c: Record<ScoreComponent, number>,
  f: (n: number) => number,
): Record<ScoreComponent, number> {
  return {
    zorgvorm: f(c.zorgvorm),
    afstandThuis: f(c.afstandThuis),
    afstandSchool: f(c.afstandSchool),
    doelgroep: f(c.doelgroep),
    soortPlek: f(c.soortPlek),
    beschikbaarheid: f(c.beschikbaarheid),
    contraIndicatie: f(c.contraIndicatie),
  };
}

const km = (d: number) => `${d.toFixed(1).replace(".", ",")} km`;

/** The places free now, and the places the request needs when that is more than one (siblings placed together). */
function freeNow(free: number, needed: number): string {
  const places = `${free} ${free === 1 ? "plek" : "plekken"} nu vrij`;
  return needed > 1 ? `${places}, ${needed} nodig` : places;
}

function availabilityLine(m: Scored, needed: number): string {
  if (m.availableFrom === null) return freeNow(m.candidate.free, needed);
  return `vrij per ${m.availableFrom} (geplande uitstroom, ${m.certainty ?? "zeker"}); gerangschikt na de vrije plekken`;
}

function crisisLine(m: Scored, crisisRequest: boolean): string | undefined {
  if (crisisRequest) {
    return m.crisisPlace
      ? "crisisplek vrij: bij een crisisverzoek eerst"
      : "geen vrije crisisplek: reguliere plek, na de crisisplekken";
  }
  if (m.crisisException)
    return "alleen crisisplekken vrij: een regulier verzoek neemt die alleen met een reden; gerangschikt na de reguliere";
  return undefined;
}

function flagLines(m: Scored): string[] {
  const lines: string[] = [];
  if (m.wantedFlags.length > 0) {
    const given = m.wantedFlags.filter((f) => m.offered.includes(f));
    const names = given.map((f) => PLACE_FLAG_LABELS[f].toLowerCase()).join(", ") || "geen";
    lines.push(`soort plek: ${given.length} van ${m.wantedFlags.length} gevraagd (${names})`);
  }
  if (m.candidate.flags?.includes("logeer-respijt")) lines.push("logeer-/respijtplek");
  return lines;
}

/** The listed match: the numbers rounded for display, and each component's reason in words. */
export function explain(m: Scored, needed: number, crisisRequest: boolean): Match {
  const c = m.candidate;
  const explanation = [
    `${CARE_TYPE_LABELS[c.careType]}: ${CARE_TYPES.indexOf(c.careType) + 1}e in de volgorde van meest naar minst thuis`,
    m.distanceHomeKm === null
      ? c.lat === null
        ? "ligging van de locatie onbekend: afstand niet meegewogen"
        : "postcode thuis buiten Twente: afstand niet meegewogen"
      : `${km(m.distanceHomeKm)} van huis`,
    m.distanceSchoolKm === null
      ? c.lat === null
        ? "ligging van de locatie onbekend: schoolafstand niet meegewogen"
        : "geen school bekend: schoolafstand niet meegewogen"
      : `${km(m.distanceSchoolKm)} van school`,
  ];
  if (m.wanted.length > 0)
    explanation.push(
      `doelgroep: ${m.served.length} van ${m.wanted.length} kenmerken (${m.served.join(", ") || "geen"})`,
    );
  explanation.push(...flagLines(m));
  explanation.push(availabilityLine(m, needed));
  const crisis = crisisLine(m, crisisRequest);
  if (crisis) explanation.push(crisis);
  if (m.stale && c.lastConfirmedAt !== undefined) {
    const since = amsterdamToday(new Date(c.lastConfirmedAt));
    explanation.push(`cijfers verouderd: sinds ${since} niet bevestigd; gerangschikt na de bevestigde`);
  }
  for (const reason of m.notAllowed) explanation.push(`niet toegestaan: ${reason}`);
  if (m.contraIndications.length > 0) {
    explanation.push(
      `contra-indicatie van de aanbieder: ${m.contraIndications.join(", ")}; plaatsen vraagt uitdrukkelijke instemming`,
    );
  }
  return {
    locationId: c.id,
    score: m.score,
    availableFrom: m.availableFrom,
    certainty: m.certainty,
    departureIds: m.departureIds,
    distanceHomeKm: m.distanceHomeKm,
    distanceSchoolKm: m.distanceSchoolKm,
    contraIndications: m.contraIndications,
    notAllowed: m.notAllowed,
    stale: m.stale,
    crisisPlace: m.crisisPlace,
    crisisException: m.crisisException,
    flags: m.offered,
    components: eachComponent(m.components, round),
    explanation,
  };
}

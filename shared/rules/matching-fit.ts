// Whether a location can take a youth at all (hard fit: care type, age, gender, respijt, kamertraining), whether the
// rules allow it (the machtiging for JeugdzorgPlus), and what kinds of place it offers. Used by matching.ts.
import { CARE_TYPE_LABELS, type GenderRule, KAMERTRAINING_MIN_AGE, type RequestFlag } from "../domain.js";
import type { Candidate, MatchRequest, YouthGender } from "./matching.js";

export function genderFits(rule: GenderRule, gender: YouthGender): boolean {
  return rule === "alle" || (rule === "jongens" && gender === "jongen") || (rule === "meisjes" && gender === "meisje");
}

/** JeugdzorgPlus is lawful only with a machtiging of the kinderrechter: a precondition, not a preference (domain.md). */
export const NO_MACHTIGING_JZ = "Geen machtiging JeugdzorgPlus";

export const lacksMachtiging = (request: MatchRequest, c: Candidate) =>
  c.careType === "jeugdzorgplus" && !request.characteristics.includes("machtiging-jz");

/** Why the rules forbid placing this youth here though the location fits: shown with the match, refused on reserving. */
export function notAllowedReasons(request: MatchRequest, c: Candidate): string[] {
  return lacksMachtiging(request, c) ? [NO_MACHTIGING_JZ] : [];
}

const careTypeFits = (request: MatchRequest, c: Candidate) => request.acceptableCareTypes.includes(c.careType);
const ageFits = (request: MatchRequest, c: Candidate) => request.age >= c.ageMin && request.age <= c.ageMax;
export const has = <T>(list: readonly T[] | undefined, code: T) => list?.includes(code) ?? false;
/** A logeer-/respijtplek is for respite and respite only there: both sides carry the flag or neither does. */
const respiteFits = (request: MatchRequest, c: Candidate) =>
  has(request.flags, "logeer-respijt") === has(c.flags, "logeer-respijt");
/** Kamertraining / begeleid zelfstandig wonen is for youths of 16 and up, whatever the location's own age range says. */
const kamertrainingFits = (request: MatchRequest, c: Candidate) =>
  request.age >= KAMERTRAINING_MIN_AGE || !has(c.flags, "kamertraining");

/** Why a location can never take this youth, whatever its counts: care type, age, gender, respijt, kamertraining. */
export function hardFailures(request: MatchRequest, c: Candidate): string[] {
  const reasons: string[] = [];
  if (!careTypeFits(request, c)) reasons.push(`zorgvorm ${CARE_TYPE_LABELS[c.careType]} niet gevraagd`);
  if (!ageFits(request, c)) reasons.push(`leeftijd ${request.age} buiten ${c.ageMin}–${c.ageMax}`);
  if (!genderFits(c.gender, request.gender)) reasons.push(`alleen ${c.gender}`);
  if (!respiteFits(request, c))
    reasons.push(has(c.flags, "logeer-respijt") ? "logeer-/respijtplek: alleen voor respijt" : "geen respijtplek");
  if (!kamertrainingFits(request, c)) reasons.push(`kamertraining pas vanaf ${KAMERTRAINING_MIN_AGE} jaar`);
  return reasons;
}

/** hardFailures(...).length === 0 without building the reasons: to skip the many locations that never fit. */
export function fitsHard(request: MatchRequest, c: Candidate): boolean {
  return careTypeFits(request, c) && fitsBesidesCareType(request, c);
}

/** fitsHard for a location of a care type the request accepts (a caller that looks up locations by care type). */
export function fitsBesidesCareType(request: MatchRequest, c: Candidate): boolean {
  return (
    ageFits(request, c) &&
    genderFits(c.gender, request.gender) &&
    respiteFits(request, c) &&
    kamertrainingFits(request, c)
  );
}

/** The flags the request asks for that weigh as preferences (respijt is hard, not a preference). */
export const PREFERENCE_FLAGS: readonly RequestFlag[] = [
  "behandeling",
  "kamertraining",
  "pleegzorg-deeltijd",
  "pleegzorg-voltijd",
];

/** The location's flags as a request names them: its own, with behandeling when the place includes treatment. */
export function offeredFlags(c: Candidate): RequestFlag[] {
  return c.treatment ? [...(c.flags ?? []), "behandeling"] : [...(c.flags ?? [])];
}

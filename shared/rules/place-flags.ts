// Which orthogonal flags (domain.ts PLACE_FLAGS / REQUEST_FLAGS) a location or a request may carry. One rule for the
// server (422 naming the field), the import (the error under its column) and the forms (before sending).
import { type CareType, KAMERTRAINING_MIN_AGE, type PlaceFlag, type RequestFlag } from "../domain.js";

export interface FlagIssue<F extends string> {
  field: F;
  message: string;
}

const PLEEGZORG_FORMS: readonly RequestFlag[] = ["pleegzorg-deeltijd", "pleegzorg-voltijd"];

/**
 * The field a refusal names: flags, unless a change (`sent`) left the flags alone and moved the other field the rule
 * looks at; then that field is the one to put right.
 */
function blame<F extends string>(other: F, sent: readonly string[] | undefined): F | "flags" {
  return sent && !sent.includes("flags") && sent.includes(other) ? other : "flags";
}

/**
 * A location's flags against its other attributes: kamertraining / begeleid zelfstandig wonen takes youths of 16 and
 * up only, so its whole age range lies there; deeltijd and voltijd are the forms of pleegzorg, so only a foster family
 * offers them. `sent`: the fields a change sends (undefined: a whole new location).
 */
export function locationFlagIssues(
  l: { careType: CareType; ageMin: number; ageMax: number; flags: readonly PlaceFlag[] },
  sent?: readonly string[],
): FlagIssue<"flags" | "ageMin" | "careType">[] {
  const issues: FlagIssue<"flags" | "ageMin" | "careType">[] = [];
  if (l.flags.includes("kamertraining") && (l.ageMin < KAMERTRAINING_MIN_AGE || l.ageMax < KAMERTRAINING_MIN_AGE))
    issues.push({
      field: blame("ageMin", sent),
      message: `kamertraining is voor jongeren vanaf ${KAMERTRAINING_MIN_AGE} jaar: leeftijd van is nu ${l.ageMin}`,
    });
  const forms = l.flags.filter((f) => PLEEGZORG_FORMS.includes(f));
  if (forms.length > 0 && l.careType !== "pleegzorg")
    issues.push({
      field: blame("careType", sent),
      message: `${forms.join(" en ")} hoort alleen bij zorgvorm pleegzorg`,
    });
  return issues;
}

/**
 * A request's flags against the youth and the care types it accepts: kamertraining is asked only for a youth of 16 or
 * older, a form of pleegzorg only when pleegzorg is acceptable. `sent`: the fields a correction sends.
 */
export function requestFlagIssues(
  r: { age: number; acceptableCareTypes: readonly CareType[]; flags: readonly RequestFlag[] },
  sent?: readonly string[],
): FlagIssue<"flags" | "age" | "acceptableCareTypes">[] {
  const issues: FlagIssue<"flags" | "age" | "acceptableCareTypes">[] = [];
  if (r.flags.includes("kamertraining") && r.age < KAMERTRAINING_MIN_AGE)
    issues.push({
      field: blame("age", sent),
      message: `kamertraining is voor jongeren vanaf ${KAMERTRAINING_MIN_AGE} jaar; de jeugdige is ${r.age}`,
    });
  const forms = r.flags.filter((f) => PLEEGZORG_FORMS.includes(f));
  if (forms.length > 0 && !r.acceptableCareTypes.includes("pleegzorg"))
    issues.push({
      field: blame("acceptableCareTypes", sent),
      message: `${forms.join(" en ")} vraagt pleegzorg als aanvaardbare zorgvorm`,
    });
  return issues;
}

// How planned moves read on screen.
import type { Certainty, PlanDirection } from "../../../../shared/domain.js";

export const DIRECTION_LABELS: Record<PlanDirection, string> = {
  uitstroom: "Uitstroom",
  instroom: "Instroom",
};

/** What a move means for the places, for the form's choices. */
export const DIRECTION_HINTS: Record<PlanDirection, string> = {
  uitstroom: "Uitstroom (een plek komt vrij)",
  instroom: "Instroom (een plek wordt bezet)",
};

export const CERTAINTY_LABELS: Record<Certainty, string> = {
  zeker: "Zeker",
  waarschijnlijk: "Waarschijnlijk",
  onzeker: "Onzeker",
};

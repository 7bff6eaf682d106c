// Dutch labels for the code lists of domain.ts, for the UI and for messages. Typed as complete records, so a code added to
// a list in shared/ fails the type check here until it has its label.
import {
  type AMBULANT_OUTCOMES,
  type AMBULANT_REASONS,
  type AMBULANT_TYPES,
  CARE_TYPE_LABELS,
  type CareType,
  type Characteristic,
  type CrisisPlaceReason,
  type DeclineReason,
  type GenderRule,
  type HomeLikeExceptionReason,
  type ProviderKind,
  type RequestFlag,
  type RequestStatus,
  type ReservationStatus,
  type Urgency,
  type YOUTH_GENDERS,
} from "./domain.js";
import type { MailDelivery, NotificationKind } from "./schemas/notifications.js";

export const URGENCY_LABELS: Record<Urgency, string> = {
  regulier: "Regulier",
  spoed: "Spoed",
  crisis: "Crisis",
};

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  concept: "Concept",
  "ambulant-vastgelegd": "Ambulant vastgelegd",
  zoekend: "Zoekend",
  gereserveerd: "Gereserveerd",
  geplaatst: "Geplaatst",
  ingetrokken: "Ingetrokken",
  opgeschaald: "Opgeschaald",
};

export const RESERVATION_STATUS_LABELS: Record<ReservationStatus, string> = {
  open: "Open",
  geaccepteerd: "Geaccepteerd",
  geweigerd: "Geweigerd",
  verlopen: "Verlopen",
  ingetrokken: "Ingetrokken",
  vervallen: "Vervallen (uitstroom gaat niet door)",
};

export const PROVIDER_KIND_LABELS: Record<ProviderKind, string> = {
  aanbieder: "Zorgaanbieder",
  gezinshuis: "Gezinshuis",
  pleegzorgorganisatie: "Pleegzorgorganisatie",
};

/** Which youths a location takes in. */
export const GENDER_RULE_LABELS: Record<GenderRule, string> = {
  alle: "Jongens en meisjes",
  jongens: "Alleen jongens",
  meisjes: "Alleen meisjes",
};

export const GENDER_LABELS: Record<(typeof YOUTH_GENDERS)[number], string> = {
  jongen: "Jongen",
  meisje: "Meisje",
  anders: "Anders",
};

export const CHARACTERISTIC_LABELS: Record<Characteristic, string> = {
  agressie: "Agressie",
  verslaving: "Verslaving",
  suicidaliteit: "Suïcidaliteit",
  "seksueel-grensoverschrijdend": "Seksueel grensoverschrijdend gedrag",
  brandstichting: "Brandstichting",
  weglopen: "Weglopen",
  lvb: "LVB (licht verstandelijke beperking)",
  psychiatrie: "Psychiatrie",
  trauma: "Trauma",
  "jonge-moeder": "Jonge moeder (met baby)",
  "broers-zussen": "Broers/zussen samen plaatsen",
  "machtiging-jz": "Machtiging JeugdzorgPlus",
};

export const AMBULANT_TYPE_LABELS: Record<(typeof AMBULANT_TYPES)[number], string> = {
  "intensieve-ambulante-gezinsbehandeling": "Intensieve ambulante gezinsbehandeling",
  "team-anders": "Team AnderS",
  "ambulant-team-met-bed": "Ambulant team met bed als back-up",
  netwerkaanpak: "Netwerkaanpak (JIM / eigen kracht)",
  dagbehandeling: "Dagbehandeling",
  anders: "Anders",
};

export const AMBULANT_OUTCOME_LABELS: Record<(typeof AMBULANT_OUTCOMES)[number], string> = {
  "ingezet-onvoldoende": "Ingezet, onvoldoende",
  "overwogen-niet-passend": "Overwogen, niet passend",
  "niet-beschikbaar": "Niet beschikbaar",
};

export const AMBULANT_REASON_LABELS: Record<(typeof AMBULANT_REASONS)[number], string> = {
  "veiligheid-onvoldoende": "Veiligheid onvoldoende te borgen",
  "zorgzwaarte-te-hoog": "Zorgzwaarte te hoog",
  "gezin-niet-belastbaar": "Gezin niet (meer) belastbaar",
  wachtlijst: "Wachtlijst",
  "geen-aanbod-in-regio": "Geen aanbod in de regio",
  "eerder-zonder-resultaat": "Eerder ingezet zonder resultaat",
  anders: "Anders",
};

export const DECLINE_REASON_LABELS: Record<DeclineReason, string> = {
  "geen-plek-meer": "Geen plek meer",
  "contra-indicatie": "Contra-indicatie",
  groepssamenstelling: "Groepssamenstelling",
  leeftijd: "Leeftijd",
  "zorgzwaarte-te-hoog": "Zorgzwaarte te hoog",
  personeel: "Personeel",
  "gezinshuisouder-past-niet": "Gezinshuisouder past niet",
  "jeugdige-of-ouders-weigeren": "Jeugdige of ouders weigeren",
  anders: "Anders",
};

export const HOME_LIKE_EXCEPTION_REASON_LABELS: Record<HomeLikeExceptionReason, string> = {
  "afstand-school": "Afstand tot school",
  "broers-zussen": "Broers en zussen samen plaatsen",
  "contra-indicatie": "Contra-indicatie",
  wachttijd: "Wachttijd",
  anders: "Anders",
};

export const CRISIS_PLACE_REASON_LABELS: Record<CrisisPlaceReason, string> = {
  "geen-reguliere-plek": "Geen passende reguliere plek op tijd",
  veiligheid: "Veiligheid van de jeugdige kan niet wachten",
  "broers-zussen": "Broers en zussen alleen hier samen",
  overbrugging: "Kort overbruggen tot een geplande plek",
  anders: "Anders",
};

export const PLACE_FLAG_LABELS: Record<RequestFlag, string> = {
  "logeer-respijt": "Logeer-/respijtplek",
  kamertraining: "Kamertraining / begeleid zelfstandig wonen (16+)",
  behandeling: "Met behandeling",
  "pleegzorg-deeltijd": "Pleegzorg deeltijd",
  "pleegzorg-voltijd": "Pleegzorg voltijd",
};

/** The same flags as a badge on a board or match row says them. */
export const PLACE_FLAG_BADGES: Record<RequestFlag, string> = {
  "logeer-respijt": "Respijt",
  kamertraining: "Kamertraining 16+",
  behandeling: "Behandeling",
  "pleegzorg-deeltijd": "Deeltijd",
  "pleegzorg-voltijd": "Voltijd",
};

/** "agressie, lvb" as the labels a professional reads. */
/** "Woont nu" on a request: the zorgvorm the youth lives in, or null for at home / not in a place of verblijf. */
export function currentCareTypeLabel(careType: CareType | null): string {
  return careType ? CARE_TYPE_LABELS[careType] : "Thuis / elders (geen verblijfsplek)";
}

export function characteristicList(codes: readonly Characteristic[]): string {
  return codes.map((c) => CHARACTERISTIC_LABELS[c]).join(", ");
}

/** The kinds of notification as the e-mail settings name them. */
export const NOTIFICATION_KIND_LABELS: Record<NotificationKind, string> = {
  "reservering-wacht": "Een reservering op uw plek wacht op antwoord",
  "reservering-verloopt": "Een reservering verloopt bijna zonder antwoord",
  "reservering-geaccepteerd": "Een reservering is geaccepteerd",
  "reservering-geweigerd": "Een reservering is geweigerd",
  "reservering-verlopen": "Een reservering is verlopen",
  "reservering-vervallen": "Een gereserveerde plek komt niet vrij op de datum",
  "plek-vrij": "Een passende plek is vrijgekomen voor een gevolgd verzoek",
  "verzoek-opgeschaald": "Een verzoek is opgeschaald naar het RET",
  "ambulant-te-laat": "Het ambulant alternatief van een crisisverzoek is te laat vastgelegd",
  "cijfers-verouderen": "De aantallen van uw locaties raken verouderd",
};

export const MAIL_DELIVERY_LABELS: Record<MailDelivery, string> = {
  uit: "Uit",
  direct: "Direct",
  dagelijks: "Dagelijks",
};

// The domain's own values (domain.md), one list for server, client, matching and the monitor.

/** Zorgvormen of wonen en verblijf, ordered from most to least home-like ("thuis, tenzij"). */
export const CARE_TYPES = [
  "pleegzorg",
  "gezinshuis",
  "kleinschalig-wonen",
  "residentieel",
  "driemilieu",
  "jeugdzorgplus",
] as const;
export type CareType = (typeof CARE_TYPES)[number];

/** Whether `to` comes before `from` in CARE_TYPES: a move towards "zo thuis mogelijk". */
export function isMoreHomeLike(to: CareType, from: CareType): boolean {
  return CARE_TYPES.indexOf(to) < CARE_TYPES.indexOf(from);
}

export const CARE_TYPE_LABELS: Record<CareType, string> = {
  pleegzorg: "Pleegzorg",
  gezinshuis: "Gezinshuis",
  "kleinschalig-wonen": "Kleinschalig wonen",
  residentieel: "Residentieel",
  driemilieu: "Driemilieuvoorziening",
  jeugdzorgplus: "JeugdzorgPlus",
};

/** The 14 gemeenten of Twente with approximate centres (domain.md) and a PC4 of the main town. */
export const MUNICIPALITIES = [
  { name: "Almelo", lat: 52.357, lon: 6.663, pc4: "7607" },
  { name: "Borne", lat: 52.3, lon: 6.753, pc4: "7621" },
  { name: "Dinkelland", lat: 52.378, lon: 7.005, pc4: "7591" },
  { name: "Enschede", lat: 52.221, lon: 6.894, pc4: "7511" },
  { name: "Haaksbergen", lat: 52.157, lon: 6.739, pc4: "7481" },
  { name: "Hellendoorn", lat: 52.363, lon: 6.467, pc4: "7442" },
  { name: "Hengelo", lat: 52.266, lon: 6.793, pc4: "7551" },
  { name: "Hof van Twente", lat: 52.234, lon: 6.586, pc4: "7471" },
  { name: "Losser", lat: 52.261, lon: 7.004, pc4: "7581" },
  { name: "Oldenzaal", lat: 52.313, lon: 6.929, pc4: "7571" },
  { name: "Rijssen-Holten", lat: 52.307, lon: 6.517, pc4: "7461" },
  { name: "Tubbergen", lat: 52.407, lon: 6.784, pc4: "7651" },
  { name: "Twenterand", lat: 52.461, lon: 6.567, pc4: "7671" },
  { name: "Wierden", lat: 52.359, lon: 6.593, pc4: "7641" },
] as const;
export type Municipality = (typeof MUNICIPALITIES)[number]["name"];
export const MUNICIPALITY_NAMES = MUNICIPALITIES.map((m) => m.name) as [Municipality, ...Municipality[]];

/**
 * A location may lie outside Twente (JeugdzorgPlus and specialised places often do): it is grouped under this code
 * in totals and the monitor, and names its own municipality apart (otherMunicipality). Requests stay in Twente.
 */
export const OUTSIDE_REGION = "buiten de regio" as const;
export const LOCATION_MUNICIPALITIES = [...MUNICIPALITY_NAMES, OUTSIDE_REGION] as [
  Municipality | typeof OUTSIDE_REGION,
  ...(Municipality | typeof OUTSIDE_REGION)[],
];
export type LocationMunicipality = (typeof LOCATION_MUNICIPALITIES)[number];

/** Kenmerken / contra-indicaties: a request carries the youth's, a location declares which it excludes. Never free text. */
export const CHARACTERISTICS = [
  "agressie",
  "verslaving",
  "suicidaliteit",
  "seksueel-grensoverschrijdend",
  "brandstichting",
  "weglopen",
  "lvb",
  "psychiatrie",
  "trauma",
  "jonge-moeder",
  "broers-zussen",
  "machtiging-jz",
] as const;
export type Characteristic = (typeof CHARACTERISTICS)[number];

/** Which youths a location takes in. */
export const GENDER_RULES = ["alle", "jongens", "meisjes"] as const;
export type GenderRule = (typeof GENDER_RULES)[number];

/** Provider kinds: a residential provider, a gezinshuis or a pleegzorg organisation. */
export const PROVIDER_KINDS = ["aanbieder", "gezinshuis", "pleegzorgorganisatie"] as const;
export type ProviderKind = (typeof PROVIDER_KINDS)[number];

/**
 * What a capacity event in the log records. A location's life is part of the log too: opened (aangemaakt), capacity
 * or declared attributes changed, closed and reopened, so every feed follows them as it follows free places.
 */
export const CAPACITY_EVENT_KINDS = [
  "locatie-aangemaakt",
  "vrije-plekken-gewijzigd",
  "plek-bezet",
  "plek-vrijgekomen",
  "ongewijzigd-bevestigd",
  "plek-gereserveerd",
  "reservering-vervallen",
  "geplaatst",
  "capaciteit-gewijzigd",
  "kenmerken-gewijzigd",
  "locatie-gesloten",
  "locatie-heropend",
] as const;
export type CapacityEventKind = (typeof CAPACITY_EVENT_KINDS)[number];
/** Events that change what a location is (not only its counts): a board or index takes the location anew. */
export const LIFECYCLE_EVENT_KINDS: readonly CapacityEventKind[] = [
  "locatie-aangemaakt",
  "capaciteit-gewijzigd",
  "kenmerken-gewijzigd",
  "locatie-gesloten",
  "locatie-heropend",
];

/** Age range of jeugdhulp, including verlengde jeugdhulp up to 23. */
export const MIN_AGE = 0;
export const MAX_AGE = 23;

/** Roles (domain.md, "Who uses it"). An aanbieder account is bound to one provider. */
export const ROLES = ["regisseur", "aanbieder", "verwijzer", "beleid", "beheerder"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  regisseur: "Regisseur CPWV",
  aanbieder: "Aanbieder",
  verwijzer: "Verwijzer",
  beleid: "Beleidsmedewerker",
  beheerder: "Beheerder",
};

/** Ambulant alternatives (rule 1), their outcome, and why they did not suffice. */
export const AMBULANT_TYPES = [
  "intensieve-ambulante-gezinsbehandeling",
  "team-anders",
  "ambulant-team-met-bed",
  "netwerkaanpak",
  "dagbehandeling",
  "anders",
] as const;
export type AmbulantType = (typeof AMBULANT_TYPES)[number];
export const AMBULANT_OUTCOMES = ["ingezet-onvoldoende", "overwogen-niet-passend", "niet-beschikbaar"] as const;
export const AMBULANT_REASONS = [
  "veiligheid-onvoldoende",
  "zorgzwaarte-te-hoog",
  "gezin-niet-belastbaar",
  "wachtlijst",
  "geen-aanbod-in-regio",
  "eerder-zonder-resultaat",
  "anders",
] as const;

/** Decline reasons when an aanbieder answers a reservation (domain.md). */
export const DECLINE_REASONS = [
  "geen-plek-meer",
  "contra-indicatie",
  "groepssamenstelling",
  "leeftijd",
  "zorgzwaarte-te-hoog",
  "personeel",
  "gezinshuisouder-past-niet",
  "jeugdige-of-ouders-weigeren",
  "anders",
] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/**
 * "Thuis, tenzij": why a regisseur reserves a less home-like care type while a fitting, free place of a more home-like
 * one exists (domain.md). Coded, audited and counted in the monitor; never free text.
 */
export const HOME_LIKE_EXCEPTION_REASONS = [
  "afstand-school",
  "broers-zussen",
  "contra-indicatie",
  "wachttijd",
  "anders",
] as const;
export type HomeLikeExceptionReason = (typeof HOME_LIKE_EXCEPTION_REASONS)[number];

/**
 * Why a regular (non-crisis) request takes a crisis place (domain.md: "a regular placement takes one only by
 * exception"): asked on reserving, audited, counted in the monitor.
 */
export const CRISIS_PLACE_REASONS = [
  "geen-reguliere-plek",
  "veiligheid",
  "broers-zussen",
  "overbrugging",
  "anders",
] as const;
export type CrisisPlaceReason = (typeof CRISIS_PLACE_REASONS)[number];

/**
 * The orthogonal flags of the domain (domain.md, care types). A location declares what its places are (behandeling is
 * its existing `treatment`); a request what it asks for, with the same codes:
 * - logeer-respijt: a logeer-/respijtplek; hard both ways (respite requests only there, only respite requests there);
 * - kamertraining: kamertraining / begeleid zelfstandig wonen; hard on the location's side: only youths of 16 and up;
 * - pleegzorg-deeltijd / pleegzorg-voltijd: the form of foster care a family offers; a preference;
 * - behandeling (requests only): the youth needs a place that includes treatment; a preference.
 */
export const PLACE_FLAGS = ["logeer-respijt", "kamertraining", "pleegzorg-deeltijd", "pleegzorg-voltijd"] as const;
export type PlaceFlag = (typeof PLACE_FLAGS)[number];
export const REQUEST_FLAGS = [...PLACE_FLAGS, "behandeling"] as const;
export type RequestFlag = (typeof REQUEST_FLAGS)[number];
/** Kamertraining / begeleid zelfstandig wonen is for youths of this age and older. */
export const KAMERTRAINING_MIN_AGE = 16;

export const URGENCIES = ["regulier", "spoed", "crisis"] as const;
export type Urgency = (typeof URGENCIES)[number];

export const YOUTH_GENDERS = ["jongen", "meisje", "anders"] as const;

/** Lifecycle of a placement request (domain.md, request status). */
export const REQUEST_STATUSES = [
  "concept",
  "ambulant-vastgelegd",
  "zoekend",
  "gereserveerd",
  "geplaatst",
  "ingetrokken",
  "opgeschaald",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
/** A request in these is being searched for: it may be matched, reserved for and watched. */
export const SEARCHING_STATUSES: readonly RequestStatus[] = ["zoekend", "gereserveerd", "opgeschaald"];

/** vervallen: a reservation of a place that was to come free, released because the departure was cancelled or moved. */
export const RESERVATION_STATUSES = [
  "open",
  "geaccepteerd",
  "geweigerd",
  "verlopen",
  "ingetrokken",
  "vervallen",
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export const CERTAINTIES = ["zeker", "waarschijnlijk", "onzeker"] as const;
export type Certainty = (typeof CERTAINTIES)[number];

/** Planned moves: verwachte uitstroom (a place comes free) and verwachte instroom (a place will be taken). */
export const PLAN_DIRECTIONS = ["uitstroom", "instroom"] as const;
export type PlanDirection = (typeof PLAN_DIRECTIONS)[number];
/**
 * What happened to a planned move: registered, moved to another date or certainty, cancelled; a departure claimed by
 * a reservation of its coming place ("vrij per") or released from it (date and certainty unchanged, but who it counts
 * for changed: the match index catches up on planning by this log).
 */
export const PLAN_ACTIONS = ["gepland", "verplaatst", "geannuleerd", "geclaimd", "vrijgegeven"] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

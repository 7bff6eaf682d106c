// The demo region's fixed make-up: how many live where, what each care type looks like (sizes, stays, ages, target
// groups), and the invented providers and names. Data only; generate.ts simulates from it.
import { type CareType, type Characteristic, MUNICIPALITIES, type Municipality } from "../../../shared/domain.js";

// Inhabitants x1000 (approximate): demand and supply follow population, Enschede/Hengelo/Almelo largest.
const POPULATION: Record<Municipality, number> = {
  Almelo: 74,
  Borne: 24,
  Dinkelland: 27,
  Enschede: 161,
  Haaksbergen: 25,
  Hellendoorn: 36,
  Hengelo: 82,
  "Hof van Twente": 35,
  Losser: 23,
  Oldenzaal: 32,
  "Rijssen-Holten": 38,
  Tubbergen: 22,
  Twenterand: 34,
  Wierden: 25,
};
export const MUNICIPALITY_NAMES = MUNICIPALITIES.map((m) => m.name);
export const MUNICIPALITY_WEIGHTS = MUNICIPALITY_NAMES.map((m) => POPULATION[m]);

export interface Profile {
  /** Drawn uniformly from this list, so repeats weight the common sizes. */
  capacities: number[];
  stayDays: [number, number];
  /** "min-max" in years, e.g. "16-23" for kamertraining (verlengde jeugdhulp). */
  ages: string[];
  targets: Characteristic[];
  contras: Characteristic[];
  treatment: number;
  crisis: number;
  /** Mean days between "nothing changed" confirmations; families confirm less often than planners. */
  confirmDays: number;
}

const FAMILY_CONTRAS: Characteristic[] = ["agressie", "verslaving", "seksueel-grensoverschrijdend", "brandstichting"];
const GROUP_CONTRAS: Characteristic[] = ["brandstichting", "seksueel-grensoverschrijdend", "verslaving", "agressie"];
export const PROFILES: Record<CareType, Profile> = {
  pleegzorg: {
    capacities: [1, 1, 1, 2, 2, 3],
    stayDays: [365, 2900],
    ages: ["0-18", "0-18", "0-12", "4-18", "0-21"],
    targets: ["broers-zussen", "trauma", "jonge-moeder"],
    contras: FAMILY_CONTRAS,
    treatment: 0.03,
    crisis: 0.06,
    confirmDays: 60,
  },
  gezinshuis: {
    capacities: [1, 2, 2, 3, 3, 3, 4, 4, 4],
    stayDays: [540, 2200],
    ages: ["0-18", "4-18", "6-18", "8-21", "0-23"],
    targets: ["broers-zussen", "trauma", "lvb"],
    contras: FAMILY_CONTRAS,
    treatment: 0.1,
    crisis: 0,
    confirmDays: 45,
  },
  "kleinschalig-wonen": {
    capacities: [4, 5, 6, 6, 7, 8],
    stayDays: [240, 500],
    ages: ["12-18", "12-18", "14-18", "16-23", "8-16", "16-21"],
    targets: ["lvb", "trauma", "weglopen", "jonge-moeder"],
    contras: GROUP_CONTRAS,
    treatment: 0.2,
    crisis: 0.1,
    confirmDays: 30,
  },
  residentieel: {
    capacities: [8, 9, 10, 10, 11, 12],
    stayDays: [180, 365],
    ages: ["12-18", "12-18", "8-14", "14-18", "6-12"],
    targets: ["agressie", "trauma", "lvb", "psychiatrie", "weglopen"],
    contras: [...GROUP_CONTRAS.slice(0, 3), "suicidaliteit"],
    treatment: 0.6,
    crisis: 0.2,
    confirmDays: 28,
  },
  driemilieu: {
    capacities: [8, 9, 10, 10, 11, 12],
    stayDays: [180, 365],
    ages: ["8-18", "12-18", "6-14"],
    targets: ["psychiatrie", "trauma", "agressie", "lvb"],
    contras: ["brandstichting", "verslaving"],
    treatment: 1,
    crisis: 0,
    confirmDays: 28,
  },
  jeugdzorgplus: {
    capacities: [6, 7, 8, 8, 9, 10],
    stayDays: [90, 180],
    ages: ["12-18", "12-18", "14-18"],
    targets: ["agressie", "weglopen", "verslaving", "seksueel-grensoverschrijdend"],
    contras: ["jonge-moeder"],
    treatment: 1,
    crisis: 0,
    confirmDays: 21,
  },
};
export const CRISIS_STAY_DAYS: [number, number] = [14, 42];
export const CRISIS_AGES = ["12-18", "0-12", "8-18"];

// Invented names; any resemblance to real Twente organisations is unintended.
export const RESIDENTIAL_PROVIDERS: { name: string; home: Municipality; mix: Partial<Record<CareType, number>> }[] = [
  {
    name: "Stichting Jeugdzorg Twentse Bron",
    home: "Enschede",
    mix: { "kleinschalig-wonen": 16, residentieel: 16, driemilieu: 3 },
  },
  { name: "Jeugdhulp Reggedal", home: "Almelo", mix: { "kleinschalig-wonen": 12, residentieel: 12 } },
  { name: "Stichting Zonnehof Twente", home: "Hengelo", mix: { "kleinschalig-wonen": 10, residentieel: 10 } },
  { name: "Stichting Dinkelzorg Jeugd", home: "Oldenzaal", mix: { "kleinschalig-wonen": 10, residentieel: 8 } },
  { name: "Jeugdzorg Kanaalzicht", home: "Rijssen-Holten", mix: { "kleinschalig-wonen": 10, residentieel: 4 } },
  { name: "Orthopedagogisch Centrum De Esrand", home: "Hellendoorn", mix: { driemilieu: 5, residentieel: 6 } },
  { name: "Stichting JeugdzorgPlus Het Vlier", home: "Hengelo", mix: { jeugdzorgplus: 6 } },
];
export const FOSTER_ORGS = [
  { name: "Pleegzorg Twente Samen", families: 50 },
  { name: "Stichting Pleeggezinnen Oost", families: 50 },
  { name: "Pleegzorgnetwerk De Vonder", families: 35 },
];
export const FAMILY_HOMES = (
  "De Linde, Het Eikenhof, De Hazelaar, De Wilgenhoek, Het Nest, De Boomgaard, De Zonnewijzer, " +
  "Het Lindehuis, De Kastanje, Het Vogelnest, De Vlier, De Meidoorn, Het Berkenhof, De Klaproos, " +
  "De Esdoorn, Het Molenhuis, De Beuk, Het Zonnehuis, De Hulst, De Notenboom, Het Erve Hulsbeek, " +
  "De Lindeboom, Het Kempke, De Twentse Hoeve, De Walnoot, Het Wilgenerf, De Appelhof, De Iep"
).split(", ");
export const PLACE_NAMES = (
  "De Esch, De Berk, Het Anker, De Haven, De Vlinder, De Brink, Het Erve, De Molen, De Kolk, De Beek, " +
  "De Es, Het Veld, De Kamp, De Marke, De Dinkel, De Regge, Het Baken, De Wilg, De Eik, De Zwaluw, " +
  "De Merel, De Uil, De Specht, De Reiger, Het Kompas, De Vuurtoren, De Klimop, De Akker, Het Hofje, " +
  "De Schakel, De Brug, De Steiger, De Kei, Het Wiel, De Horizon, De Boei"
).split(", ");

export const GROUP_PREFIX: Record<CareType, string> = {
  pleegzorg: "Pleeggezin",
  gezinshuis: "Gezinshuis",
  "kleinschalig-wonen": "Kleinschalig wonen",
  residentieel: "Woongroep",
  driemilieu: "Driemilieugroep",
  jeugdzorgplus: "JeugdzorgPlus-groep",
};

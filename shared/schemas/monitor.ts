// The beschikbaarheidsmonitor contract: aggregates for policy staff and regisseurs, never personal data or case numbers.
import { z } from "zod";
import { CRISIS_PLACE_REASONS, DECLINE_REASONS, HOME_LIKE_EXCEPTION_REASONS } from "../domain.js";
import { careTypeSchema, locationMunicipalitySchema, municipalitySchema } from "./capacity.js";

const isoDate = z.iso.date().meta({ description: "Datum, JJJJ-MM-DD (kalenderdag in Nederland)" });
/** The longest period one answer covers: five years of weekly points is still a readable chart. */
export const MONITOR_MAX_DAYS = 5 * 366;
/** Without from/to: the last 24 months, this one included. */
export const MONITOR_DEFAULT_MONTHS = 24;

export const monitorQuerySchema = z
  .strictObject({
    careType: careTypeSchema.optional(),
    /** Places (bezetting, stromen, naleving): the location's gemeente; requests: the youth's woongemeente. */
    municipality: locationMunicipalitySchema.optional(),
    /** First day of the period; default the first day of the month 23 months ago. */
    from: isoDate.optional(),
    /** Last day of the period, inclusive; default today. */
    to: isoDate.optional(),
  })
  .superRefine((q, ctx) => {
    if (!q.from || !q.to) return;
    // ISO days compare as text.
    if (q.from > q.to) ctx.addIssue({ code: "custom", path: ["to"], message: "einddatum ligt vóór begindatum" });
    else if ((Date.parse(q.to) - Date.parse(q.from)) / 86_400_000 > MONITOR_MAX_DAYS)
      ctx.addIssue({ code: "custom", path: ["from"], message: "periode is langer dan vijf jaar" });
  });
export type MonitorQuery = z.infer<typeof monitorQuerySchema>;

export const WAIT_BUCKET_IDS = ["0-1", "1-7", "7-14", "14-28", "28-56", "56-91", "91+"] as const;
export type WaitBucketId = (typeof WAIT_BUCKET_IDS)[number];
/** Waiting-time buckets in days: [fromDays, toDays), the last one open-ended. */
export const WAIT_BUCKETS: readonly { id: WaitBucketId; fromDays: number; toDays: number | null }[] = [
  { id: "0-1", fromDays: 0, toDays: 1 },
  { id: "1-7", fromDays: 1, toDays: 7 },
  { id: "7-14", fromDays: 7, toDays: 14 },
  { id: "14-28", fromDays: 14, toDays: 28 },
  { id: "28-56", fromDays: 28, toDays: 56 },
  { id: "56-91", fromDays: 56, toDays: 91 },
  { id: "91+", fromDays: 91, toDays: null },
];

const count = z.number().int().min(0);
const month = z
  .string()
  .regex(/^\d{4}-\d{2}$/)
  .meta({ description: "Maand, JJJJ-MM" });

/** Places at the end of a week (Monday to Sunday, Dutch time), or now for the current week. */
export const occupancyWeekSchema = z.object({
  /** The Monday the week starts on. */
  week: isoDate,
  capacity: count,
  occupied: count,
  reserved: count,
  free: count,
});
export type OccupancyWeek = z.infer<typeof occupancyWeekSchema>;

/**
 * Figures about youths' movements that a reader who may not see locations (policy movements.detail) does not get for
 * a selection of fewer than MIN_CELL_LOCATIONS locations, or one that cuts through a merged cell
 * (shared/rules/small-cells.ts): then they are null and `suppressed` says which and why. instroom-uitstroom covers
 * instroom, uitstroom and viaCpwv; doorstroom covers doorstroom and naarThuisnabijer; thuisnabij covers homeLike;
 * crisis-regulier covers crisisForRegular.
 */
export const MONITOR_MOVEMENT_FIGURES = [
  "instroom-uitstroom",
  "doorstroom",
  "wachttijd",
  "weigeringen",
  "nog-wachtend",
  "thuisnabij",
  "crisis-regulier",
] as const;
export type MonitorMovementFigure = (typeof MONITOR_MOVEMENT_FIGURES)[number];
/** null: withheld (see Monitor.suppressed). */
const movement = count.nullable();

export const flowMonthSchema = z.object({
  month,
  /** Places taken: occupied went up (plek-bezet, geplaatst, or fewer free places reported). */
  instroom: movement,
  /** Places freed: occupied went down (plek-vrijgekomen, or more free places reported). */
  uitstroom: movement,
  /** Of the instroom, places taken through an accepted CPWV reservation. */
  viaCpwv: movement,
  /**
   * Doorstroom: placements in the month of youths whose request says they lived in a zorgvorm already. Care type filter:
   * of the place taken; gemeente filter: the youth's woongemeente.
   */
  doorstroom: movement,
  /** Of the doorstroom, moves to a more home-like zorgvorm than the one the youth came from. */
  naarThuisnabijer: movement,
});
export type FlowMonth = z.infer<typeof flowMonthSchema>;

export const waitingSchema = z.object({
  placements: count,
  medianDays: z.number(),
  p90Days: z.number(),
  buckets: z.array(
    z.object({
      id: z.enum(WAIT_BUCKET_IDS),
      fromDays: z.number(),
      toDays: z.number().nullable(),
      placements: count,
    }),
  ),
});
export type Waiting = z.infer<typeof waitingSchema>;

/** Age buckets of requests still waiting, in weeks since the request was made: [fromWeeks, toWeeks), the last open. */
export const AGE_BUCKET_IDS = ["0-1", "1-2", "2-4", "4-8", "8-13", "13+"] as const;
export type AgeBucketId = (typeof AGE_BUCKET_IDS)[number];
export const AGE_BUCKETS: readonly { id: AgeBucketId; fromWeeks: number; toWeeks: number | null }[] = [
  { id: "0-1", fromWeeks: 0, toWeeks: 1 },
  { id: "1-2", fromWeeks: 1, toWeeks: 2 },
  { id: "2-4", fromWeeks: 2, toWeeks: 4 },
  { id: "4-8", fromWeeks: 4, toWeeks: 8 },
  { id: "8-13", fromWeeks: 8, toWeeks: 13 },
  { id: "13+", fromWeeks: 13, toWeeks: null },
];

/** Open requests of one group: in total and per age bucket (in AGE_BUCKETS order). null: withheld, see note. */
const waitingGroupSchema = z.object({
  requests: count.nullable(),
  buckets: z.array(count).nullable(),
  /** Why the group is withheld from this reader (small cells); null: shown. */
  note: z.string().nullable(),
});

/**
 * Requests still waiting now (whatever the period): not yet placed nor withdrawn, by the age of the request. Gemeente:
 * the youth's woongemeente; care type: a request counts for every care type it accepts, so the care types' rows add
 * up to more than the total. Youths, so the small-cell rule of waiting times applies: a care type over too few
 * locations is withheld (policy movements.detail sees all).
 */
export const stillWaitingSchema = z.object({
  requests: count,
  buckets: z.array(
    z.object({ id: z.enum(AGE_BUCKET_IDS), fromWeeks: z.number(), toWeeks: z.number().nullable(), requests: count }),
  ),
  /** In care-type order; only the filter's care type when one is chosen. */
  byCareType: z.array(waitingGroupSchema.extend({ careType: careTypeSchema })),
  /** Every gemeente of Twente (or the filter's one): places anywhere in the region, so no location is singled out. */
  byMunicipality: z.array(waitingGroupSchema.extend({ municipality: municipalitySchema })),
});
export type StillWaiting = z.infer<typeof stillWaitingSchema>;

/**
 * "Thuis, tenzij" (domain.md): placements (accepted reservations answered in the period) in the most home-like care type
 * that fitted freely, and per coded reason those that were not. Care type of the place taken, the youth's
 * woongemeente, as for the declines.
 */
export const homeLikeSchema = z.object({
  placements: count,
  /** Placed in the most home-like care type that had a fitting, free place. */
  mostHomeLike: count,
  /** mostHomeLike / placements (0-1); null: no placements. */
  share: z.number().min(0).max(1).nullable(),
  /** The others, per reason the regisseur gave, in HOME_LIKE_EXCEPTION_REASONS order. */
  reasons: z.array(z.object({ reason: z.enum(HOME_LIKE_EXCEPTION_REASONS), placements: count })),
});
export type HomeLike = z.infer<typeof homeLikeSchema>;

/**
 * Crisis places are kept for crisis intake; a regular request takes one only by exception, with a coded reason
 * (domain.md). Reservations made in the period by a regular request on a crisis place, with the placements that
 * followed, in total and per reason. Care type of the place, the youth's woongemeente, as for the declines.
 */
export const crisisForRegularSchema = z.object({
  reservations: count,
  /** Of those, accepted by the provider: the youth was placed on the crisis place. */
  placed: count,
  /** In CRISIS_PLACE_REASONS order. */
  reasons: z.array(z.object({ reason: z.enum(CRISIS_PLACE_REASONS), reservations: count, placed: count })),
});
export type CrisisForRegular = z.infer<typeof crisisForRegularSchema>;

export const declineCountSchema = z.object({ reason: z.enum(DECLINE_REASONS), declines: count });
export const escalationMonthSchema = z.object({ month, escalations: count });

/** Whether a provider keeps its numbers current (freshness, STALE_AFTER_HOURS). */
export const providerComplianceSchema = z.object({
  providerId: z.number().int(),
  providerName: z.string(),
  locations: count,
  /** Locations whose numbers are stale now. */
  stale: count,
  /** Share (0-1) of the period's time during which its locations' numbers were not stale; null: no time in period. */
  inTimeShare: z.number().min(0).max(1).nullable(),
  /** The oldest last confirmation among its locations, now. */
  oldestConfirmedAt: z.iso.datetime(),
});
export type ProviderCompliance = z.infer<typeof providerComplianceSchema>;

const share = z.number().min(0).max(1);

/**
 * Whether the one-tap prompts help: the share (0-1) of the filtered locations' time, in the period, during which their
 * numbers were not stale, per week and before and after the first prompt. About providers' numbers, not youths: no
 * small-cell rule applies. null: no location time in that stretch.
 */
export const freshnessEffectSchema = z.object({
  /** When the first "Klopt nog" prompt went out; null: none yet (then everything is "before"). */
  firstPromptAt: z.iso.datetime().nullable(),
  before: share.nullable(),
  after: share.nullable(),
  weeks: z.array(z.object({ week: isoDate, inTimeShare: share.nullable() })),
});
export type FreshnessEffect = z.infer<typeof freshnessEffectSchema>;

export const monitorSchema = z
  .object({
    /** The filter as applied, with the defaults filled in. */
    careType: careTypeSchema.nullable(),
    municipality: locationMunicipalitySchema.nullable(),
    from: isoDate,
    to: isoDate,
    staleAfterHours: z.number().positive(),
    /** Locations within the care type and gemeente filter now. */
    locations: count,
    /** Movement figures withheld from this reader, each with the reason in Dutch; empty: none. */
    suppressed: z.array(z.object({ figure: z.enum(MONITOR_MOVEMENT_FIGURES), note: z.string() })),
    occupancy: z.array(occupancyWeekSchema),
    flows: z.array(flowMonthSchema),
    /** null: withheld (see suppressed). */
    waiting: waitingSchema.nullable(),
    /** null: withheld (see suppressed). */
    declines: z.array(declineCountSchema).nullable(),
    /** Placements in the most home-like fitting care type; null: withheld (see suppressed). */
    homeLike: homeLikeSchema.nullable(),
    /** Crisis places taken by regular requests, with their reasons; null: withheld (see suppressed). */
    crisisForRegular: crisisForRegularSchema.nullable(),
    /** Open requests by age now; null: withheld (see suppressed). */
    stillWaiting: stillWaitingSchema.nullable(),
    escalations: z.array(escalationMonthSchema),
    compliance: z.array(providerComplianceSchema),
    freshness: freshnessEffectSchema,
  })
  .meta({ id: "Monitor" });
export type Monitor = z.infer<typeof monitorSchema>;

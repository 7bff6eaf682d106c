// Placement requests (codes only, domain.md rule 5), their ambulant alternatives, status history, reservations and
// watches. Part of the schema: server/db/schema.ts exports these tables with its own.
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";
import {
  AMBULANT_OUTCOMES,
  AMBULANT_TYPES,
  type AmbulantType,
  CARE_TYPES,
  type CareType,
  CHARACTERISTICS,
  type Characteristic,
  CRISIS_PLACE_REASONS,
  type CrisisPlaceReason,
  DECLINE_REASONS,
  type DeclineReason,
  HOME_LIKE_EXCEPTION_REASONS,
  type HomeLikeExceptionReason,
  MUNICIPALITY_NAMES,
  type Municipality,
  REQUEST_FLAGS,
  REQUEST_STATUSES,
  RESERVATION_STATUSES,
  type RequestFlag,
  type RequestStatus,
  type ReservationStatus,
  URGENCIES,
  type Urgency,
  YOUTH_GENDERS,
} from "../../shared/domain.js";
import { allOf, oneOf, timestamps } from "./columns.js";
import { locations, users } from "./schema.js";

/** A placement request: minimal data, codes only (domain.md rule 5). */
export const placementRequests = pgTable(
  "placement_requests",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    /** The verwijzer's own dossier number: unique per verwijzer, so a duplicate says nothing about anyone else's. */
    caseNumber: text("case_number").notNull(),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    age: smallint("age").notNull(),
    gender: text("gender").$type<(typeof YOUTH_GENDERS)[number]>().notNull(),
    homeMunicipality: text("home_municipality").$type<Municipality>().notNull(),
    homePostcode: text("home_postcode").notNull(),
    schoolPostcode: text("school_postcode"),
    urgency: text("urgency").$type<Urgency>().notNull(),
    wantedStart: date("wanted_start").notNull(),
    siblings: smallint("siblings").notNull().default(0),
    characteristics: text("characteristics").array().$type<Characteristic[]>().notNull(),
    /** What the request asks for beyond the care type (REQUEST_FLAGS: respijt, kamertraining, behandeling, ...). */
    flags: text("flags").array().$type<RequestFlag[]>().notNull().default(sql`'{}'`),
    acceptableCareTypes: text("acceptable_care_types").array().$type<CareType[]>().notNull(),
    /** The zorgvorm the youth lives in now; null: at home. Set: the placement is doorstroom. */
    currentCareType: text("current_care_type").$type<CareType>(),
    complex: boolean("complex").notNull(),
    status: text("status").$type<RequestStatus>().notNull().default("concept"),
    ambulantDueAt: timestamp("ambulant_due_at", { withTimezone: true }),
    explanatoryAnalysisOn: date("explanatory_analysis_on"),
    explanatoryAnalysisBy: text("explanatory_analysis_by"),
    escalatedAt: timestamp("escalated_at", { withTimezone: true }),
    placedAt: timestamp("placed_at", { withTimezone: true }),
    placedLocationId: integer("placed_location_id").references(() => locations.id),
    /**
     * Bumped by every write to the request (placements/repository.ts): a correction names the version it was made on,
     * so a change made in between is refused instead of overwritten. Existing rows start at 1.
     */
    version: integer("version").notNull().default(1),
    /**
     * Set by the retention job once the request was closed longer than RETENTION_MONTHS: the case number is then
     * "gepseudonimiseerd-<id>", the home postcode empty, the school postcode and the analysis' maker gone.
     */
    pseudonymisedAt: timestamp("pseudonymised_at", { withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    index("placement_requests_status_idx").on(t.status),
    // A pseudonymised request holds nothing identifying any more (domain.md, "Personal data only as long as needed").
    check(
      "placement_requests_pseudonymised_blank",
      sql`${t.pseudonymisedAt} is null or (${t.caseNumber} = ('gepseudonimiseerd-' || ${t.id}) and ${t.homePostcode} = ''
        and ${t.schoolPostcode} is null and ${t.explanatoryAnalysisBy} is null)`,
    ),
    uniqueIndex("placement_requests_case_number_per_maker").on(t.createdBy, t.caseNumber),
    oneOf("placement_requests_gender_code", t.gender, YOUTH_GENDERS),
    oneOf("placement_requests_home_municipality_code", t.homeMunicipality, MUNICIPALITY_NAMES),
    oneOf("placement_requests_urgency_code", t.urgency, URGENCIES),
    allOf("placement_requests_characteristics_codes", t.characteristics, CHARACTERISTICS),
    allOf("placement_requests_flags_codes", t.flags, REQUEST_FLAGS),
    allOf("placement_requests_acceptable_care_types_codes", t.acceptableCareTypes, CARE_TYPES),
    oneOf("placement_requests_current_care_type_code", t.currentCareType, CARE_TYPES),
    oneOf("placement_requests_status_code", t.status, REQUEST_STATUSES),
  ],
);

export const ambulantAlternatives = pgTable(
  "ambulant_alternatives",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer("request_id")
      .notNull()
      .references(() => placementRequests.id),
    type: text("type").$type<AmbulantType>().notNull(),
    periodFrom: date("period_from").notNull(),
    periodTo: date("period_to"),
    outcome: text("outcome").$type<(typeof AMBULANT_OUTCOMES)[number]>().notNull(),
    reason: text("reason").notNull(),
    recordedBy: text("recorded_by").notNull(),
    ...timestamps,
  },
  (t) => [
    oneOf("ambulant_alternatives_type_code", t.type, AMBULANT_TYPES),
    oneOf("ambulant_alternatives_outcome_code", t.outcome, AMBULANT_OUTCOMES),
  ],
);

/** Every status change of a request: who and when. */
export const requestTransitions = pgTable(
  "request_transitions",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer("request_id")
      .notNull()
      .references(() => placementRequests.id),
    fromStatus: text("from_status").$type<RequestStatus>(),
    toStatus: text("to_status").$type<RequestStatus>().notNull(),
    actor: text("actor").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    oneOf("request_transitions_from_status_code", t.fromStatus, REQUEST_STATUSES),
    oneOf("request_transitions_to_status_code", t.toStatus, REQUEST_STATUSES),
  ],
);

export const reservations = pgTable(
  "reservations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    requestId: integer("request_id")
      .notNull()
      .references(() => placementRequests.id),
    locationId: integer("location_id")
      .notNull()
      .references(() => locations.id),
    places: smallint("places").notNull(),
    status: text("status").$type<ReservationStatus>().notNull().default("open"),
    contraIndications: text("contra_indications").array().$type<Characteristic[]>().notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdBy: text("created_by").notNull(),
    answeredBy: text("answered_by"),
    answeredAt: timestamp("answered_at", { withTimezone: true }),
    declineReason: text("decline_reason").$type<DeclineReason>(),
    declineNote: text("decline_note"),
    /**
     * "Thuis, tenzij": the coded reason for reserving a less home-like care type while a fitting, free place of a more
     * home-like one existed; null when none did (the monitor counts those as placed in the most home-like form).
     */
    homeLikeReason: text("home_like_reason").$type<HomeLikeExceptionReason>(),
    /** The more home-like care type that had a fitting, free place when the reason was given. */
    homeLikeBetter: text("home_like_better").$type<CareType>(),
    /** A regular request that takes a crisis place: why (CRISIS_PLACE_REASONS); null otherwise. */
    crisisReason: text("crisis_reason").$type<CrisisPlaceReason>(),
    /**
     * A place that comes free ("vrij per"): the date the planned departures it holds make it free; null for a place
     * free now.
     */
    availableFrom: date("available_from"),
    /**
     * Of `places`, how many still wait for their planned departure: not yet in the location's reserved count (0 for a
     * place free now). As a claimed departure's place comes free it moves to reserved and this counts down.
     */
    awaiting: smallint("awaiting").notNull().default(0),
    ...timestamps,
  },
  (t) => [
    index("reservations_open_idx").on(t.status, t.expiresAt),
    index("reservations_location_idx").on(t.locationId),
    oneOf("reservations_status_code", t.status, RESERVATION_STATUSES),
    allOf("reservations_contra_indications_codes", t.contraIndications, CHARACTERISTICS),
    oneOf("reservations_decline_reason_code", t.declineReason, DECLINE_REASONS),
    oneOf("reservations_home_like_reason_code", t.homeLikeReason, HOME_LIKE_EXCEPTION_REASONS),
    oneOf("reservations_home_like_better_code", t.homeLikeBetter, CARE_TYPES),
    oneOf("reservations_crisis_reason_code", t.crisisReason, CRISIS_PLACE_REASONS),
    check("reservations_awaiting_range", sql`${t.awaiting} >= 0 AND ${t.awaiting} <= ${t.places}`),
  ],
);

/** A regisseur following a request: told when a fitting place comes free, on whichever node the change happens. */
export const requestWatches = pgTable(
  "request_watches",
  {
    requestId: integer("request_id")
      .notNull()
      .references(() => placementRequests.id),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.userId] })],
);

export type PlacementRequestRow = typeof placementRequests.$inferSelect;
export type ReservationRow = typeof reservations.$inferSelect;

// The drizzle schema: providers, locations (voorzieningen) and the append-only capacity event log.
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";
import type {
  AmbulantType,
  CapacityEventKind,
  CareType,
  Certainty,
  Characteristic,
  DeclineReason,
  GenderRule,
  Municipality,
  PlanAction,
  PlanDirection,
  ProviderKind,
  RequestStatus,
  ReservationStatus,
  Role,
  Urgency,
} from "../../shared/domain.js";

const timestamps = {
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
};

export const providers = pgTable("providers", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  name: text("name").notNull().unique(),
  kind: text("kind").$type<ProviderKind>().notNull(),
  ...timestamps,
});

export const locations = pgTable(
  "locations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id),
    name: text("name").notNull(),
    careType: text("care_type").$type<CareType>().notNull(),
    municipality: text("municipality").$type<Municipality>().notNull(),
    lat: doublePrecision("lat").notNull(),
    lon: doublePrecision("lon").notNull(),
    ageMin: smallint("age_min").notNull(),
    ageMax: smallint("age_max").notNull(),
    gender: text("gender").$type<GenderRule>().notNull().default("alle"),
    crisis: boolean("crisis").notNull().default(false),
    treatment: boolean("treatment").notNull().default(false),
    targetGroups: text("target_groups").array().$type<Characteristic[]>().notNull().default(sql`'{}'`),
    contraIndications: text("contra_indications").array().$type<Characteristic[]>().notNull().default(sql`'{}'`),
    capacity: integer("capacity").notNull(),
    occupied: integer("occupied").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
    // Derived by the database so no code path can store a wrong or negative number.
    free: integer("free").notNull().generatedAlwaysAs(sql`capacity - occupied - reserved`),
    lastConfirmedAt: timestamp("last_confirmed_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    check("locations_counts_nonnegative", sql`${t.capacity} >= 0 AND ${t.occupied} >= 0 AND ${t.reserved} >= 0`),
    check("locations_free_nonnegative", sql`${t.occupied} + ${t.reserved} <= ${t.capacity}`),
    check("locations_age_range", sql`${t.ageMin} <= ${t.ageMax}`),
    index("locations_provider_idx").on(t.providerId),
  ],
);

/**
 * One row holding the last sequence number handed out. Taking the next number locks this row until commit, so
 * sequence order is commit order and a rolled-back change leaves no gap (a plain sequence gives neither).
 */
export const eventSequence = pgTable("event_sequence", {
  id: smallint("id").primaryKey(),
  lastSeq: bigint("last_seq", { mode: "number" }).notNull(),
});

/** The capacity event log: audit trail, forecast history and the source of replay. Append-only. */
export const capacityEvents = pgTable(
  "capacity_events",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    locationId: integer("location_id")
      .notNull()
      .references(() => locations.id),
    kind: text("kind").$type<CapacityEventKind>().notNull(),
    /** Who made the change (account or system process). */
    actor: text("actor").notNull(),
    prevCapacity: integer("prev_capacity"),
    prevOccupied: integer("prev_occupied"),
    prevReserved: integer("prev_reserved"),
    capacity: integer("capacity").notNull(),
    occupied: integer("occupied").notNull(),
    reserved: integer("reserved").notNull(),
    version: integer("version").notNull(),
    lastConfirmedAt: timestamp("last_confirmed_at", { withTimezone: true }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull(),
    /** The caller's Idempotency-Key (with its owner): unique, so one key can never change counts twice. */
    requestKey: text("request_key").unique(),
  },
  (t) => [index("capacity_events_location_idx").on(t.locationId, t.seq)],
);

export const users = pgTable("users", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  role: text("role").$type<Role>().notNull(),
  /** Set for role aanbieder only: the one provider whose locations this account may change. */
  providerId: integer("provider_id").references(() => providers.id),
  /** argon2id hash. */
  passwordHash: text("password_hash").notNull(),
  disabledAt: timestamp("disabled_at", { withTimezone: true }),
  ...timestamps,
});

/** Server-side sessions (when Redis is not configured). The id is a hash of the cookie's secret, never the secret. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id),
    csrfToken: text("csrf_token").notNull(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    ...timestamps,
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Idempotency keys of state-changing calls: claimed before the handler runs, then holding its answer for replay.
 * A claim without status is in progress (or its process died: after a lease it may be taken over).
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    owner: text("owner").notNull(),
    key: text("key").notNull(),
    /** SHA-256 of method, path and body: the same key with another request is refused. */
    fingerprint: text("fingerprint").notNull(),
    status: integer("status"),
    contentType: text("content_type"),
    body: jsonb("body"),
    claimedAt: timestamp("claimed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.key] }), index("idempotency_keys_claimed_idx").on(t.claimedAt)],
);

/** Provider API tokens: stored as a hash, scoped to one provider, revocable. */
export const apiTokens = pgTable("api_tokens", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  providerId: integer("provider_id")
    .notNull()
    .references(() => providers.id),
  name: text("name").notNull(),
  prefix: text("prefix").notNull(),
  tokenHash: text("token_hash").notNull().unique(),
  createdBy: integer("created_by").references(() => users.id),
  lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  revokedAt: timestamp("revoked_at", { withTimezone: true }),
  ...timestamps,
});

/** The audit log (NEN 7513 in spirit): who did what to which object, when, from where, and whether it was allowed. */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    /** "user:12", "token:3", "anoniem" or "systeem". */
    actor: text("actor").notNull(),
    role: text("role"),
    onBehalfOf: text("on_behalf_of"),
    action: text("action").notNull(),
    objectType: text("object_type"),
    objectId: text("object_id"),
    outcome: text("outcome").$type<"succes" | "geweigerd" | "mislukt">().notNull(),
    ip: text("ip"),
    detail: text("detail"),
    data: jsonb("data"),
    /**
     * The Idempotency-Key (with its owner) of the call whose change this entry records, written in the change's own
     * transaction: a retry whose first answer was lost can tell that the change committed.
     */
    requestKey: text("request_key"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_actor_idx").on(t.actor),
    // Only keyed changes carry one: a small index beside a log that records every read.
    index("audit_log_request_key_idx").on(t.requestKey).where(sql`${t.requestKey} is not null`),
  ],
);

/** A placement request: minimal data, codes only (domain.md rule 5). */
export const placementRequests = pgTable(
  "placement_requests",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    caseNumber: text("case_number").notNull().unique(),
    createdBy: integer("created_by")
      .notNull()
      .references(() => users.id),
    age: smallint("age").notNull(),
    gender: text("gender").$type<"jongen" | "meisje" | "anders">().notNull(),
    homeMunicipality: text("home_municipality").$type<Municipality>().notNull(),
    homePostcode: text("home_postcode").notNull(),
    schoolPostcode: text("school_postcode"),
    urgency: text("urgency").$type<Urgency>().notNull(),
    wantedStart: date("wanted_start").notNull(),
    siblings: smallint("siblings").notNull().default(0),
    characteristics: text("characteristics").array().$type<Characteristic[]>().notNull(),
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
    ...timestamps,
  },
  (t) => [index("placement_requests_status_idx").on(t.status)],
);

export const ambulantAlternatives = pgTable("ambulant_alternatives", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  requestId: integer("request_id")
    .notNull()
    .references(() => placementRequests.id),
  type: text("type").$type<AmbulantType>().notNull(),
  periodFrom: date("period_from").notNull(),
  periodTo: date("period_to"),
  outcome: text("outcome").$type<"ingezet-onvoldoende" | "overwogen-niet-passend" | "niet-beschikbaar">().notNull(),
  reason: text("reason").notNull(),
  recordedBy: text("recorded_by").notNull(),
  ...timestamps,
});

/** Every status change of a request: who and when. */
export const requestTransitions = pgTable("request_transitions", {
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  requestId: integer("request_id")
    .notNull()
    .references(() => placementRequests.id),
  fromStatus: text("from_status").$type<RequestStatus>(),
  toStatus: text("to_status").$type<RequestStatus>().notNull(),
  actor: text("actor").notNull(),
  at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
});

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
    ...timestamps,
  },
  (t) => [
    index("reservations_open_idx").on(t.status, t.expiresAt),
    index("reservations_location_idx").on(t.locationId),
  ],
);

/** A planned move at one location: a registered departure or admission, cancelled but never deleted. */
const plannedMoveColumns = () => ({
  id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
  locationId: integer("location_id")
    .notNull()
    .references(() => locations.id),
  expectedDate: date("expected_date").notNull(),
  certainty: text("certainty").$type<Certainty>().notNull(),
  createdBy: text("created_by").notNull(),
  cancelledAt: timestamp("cancelled_at", { withTimezone: true }),
  ...timestamps,
});

/** Verwachte uitstroom: a place a provider expects to come free. */
export const plannedDepartures = pgTable("planned_departures", plannedMoveColumns(), (t) => [
  index("planned_departures_location_idx").on(t.locationId),
]);

/** Verwachte instroom: a youth a provider expects to admit; it will take a place. */
export const plannedAdmissions = pgTable("planned_admissions", plannedMoveColumns(), (t) => [
  index("planned_admissions_location_idx").on(t.locationId),
]);

/**
 * The planning history (append-only): every registration, move and cancellation of a planned departure or admission,
 * so a forecast can be replayed with only what was known at the time.
 */
export const planningEvents = pgTable(
  "planning_events",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    locationId: integer("location_id")
      .notNull()
      .references(() => locations.id),
    direction: text("direction").$type<PlanDirection>().notNull(),
    /** The planned_departures or planned_admissions row this is about. */
    plannedId: integer("planned_id").notNull(),
    action: text("action").$type<PlanAction>().notNull(),
    expectedDate: date("expected_date").notNull(),
    certainty: text("certainty").$type<Certainty>().notNull(),
    actor: text("actor").notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("planning_events_location_idx").on(t.locationId, t.at), index("planning_events_at_idx").on(t.at)],
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

export type ProviderRow = typeof providers.$inferSelect;
export type LocationRow = typeof locations.$inferSelect;
export type CapacityEventRow = typeof capacityEvents.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type PlanningEventRow = typeof planningEvents.$inferSelect;
export type PlacementRequestRow = typeof placementRequests.$inferSelect;
export type ReservationRow = typeof reservations.$inferSelect;

// The drizzle schema: providers, locations (voorzieningen), the append-only capacity event log, accounts, sessions,
// tokens, the audit log and the planning of departures and admissions; placement requests in schema-placements.ts.
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
  uniqueIndex,
} from "drizzle-orm/pg-core";
import {
  CAPACITY_EVENT_KINDS,
  CARE_TYPES,
  type CapacityEventKind,
  type CareType,
  CERTAINTIES,
  type Certainty,
  CHARACTERISTICS,
  type Characteristic,
  GENDER_RULES,
  type GenderRule,
  LOCATION_MUNICIPALITIES,
  type LocationMunicipality,
  OUTSIDE_REGION,
  PLACE_FLAGS,
  PLAN_ACTIONS,
  PLAN_DIRECTIONS,
  type PlaceFlag,
  type PlanAction,
  type PlanDirection,
  PROVIDER_KINDS,
  type ProviderKind,
  ROLES,
  type Role,
} from "../../shared/domain.js";
import { AUDIT_OUTCOMES } from "../../shared/schemas/auth.js";
import { allOf, oneOf, timestamps } from "./columns.js";

export const providers = pgTable(
  "providers",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    name: text("name").notNull().unique(),
    /** AGB code: the provider's 8-digit identifier in the Dutch healthcare register and in iJW messages. */
    agbCode: text("agb_code").notNull().unique(),
    kind: text("kind").$type<ProviderKind>().notNull(),
    email: text("email"),
    /** An inactive provider stays with its history; its accounts and locations are not removed. */
    active: boolean("active").notNull().default(true),
    version: integer("version").notNull().default(1),
    ...timestamps,
  },
  (t) => [
    oneOf("providers_kind_code", t.kind, PROVIDER_KINDS),
    check("providers_agb_code_format", sql`${t.agbCode} ~ '^[0-9]{8}$'`),
  ],
);

export const locations = pgTable(
  "locations",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    providerId: integer("provider_id")
      .notNull()
      .references(() => providers.id),
    /** The provider's own code for the location: unique per provider, the key an import matches rows on. */
    code: text("code").notNull(),
    name: text("name").notNull(),
    careType: text("care_type").$type<CareType>().notNull(),
    /** A Twente gemeente, or OUTSIDE_REGION with the municipality's name in other_municipality. */
    municipality: text("municipality").$type<LocationMunicipality>().notNull(),
    otherMunicipality: text("other_municipality"),
    /** PC4 (4-digit postcode area). */
    postcode: text("postcode").notNull(),
    /** Null only outside the region without coordinates or a known PC4: distance is then unknown, not guessed. */
    lat: doublePrecision("lat"),
    lon: doublePrecision("lon"),
    ageMin: smallint("age_min").notNull(),
    ageMax: smallint("age_max").notNull(),
    gender: text("gender").$type<GenderRule>().notNull().default("alle"),
    /** Places of the capacity kept for crisis intake (domain.md, "Running a region"). */
    crisisPlaces: integer("crisis_places").notNull().default(0),
    // One source of truth: a crisis location is one with crisis places, derived by the database.
    crisis: boolean("crisis").notNull().generatedAlwaysAs(sql`crisis_places > 0`),
    siblingsTogether: boolean("siblings_together").notNull().default(false),
    openedOn: date("opened_on").notNull().defaultNow(),
    /** Set while the location is closed: it leaves the board, totals and matches, and keeps its history. */
    closedOn: date("closed_on"),
    treatment: boolean("treatment").notNull().default(false),
    /** What the places are beyond the care type (PLACE_FLAGS: respijt, kamertraining, pleegzorg deeltijd/voltijd). */
    flags: text("flags").array().$type<PlaceFlag[]>().notNull().default(sql`'{}'`),
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
    check("locations_crisis_places_range", sql`${t.crisisPlaces} >= 0 AND ${t.crisisPlaces} <= ${t.capacity}`),
    check("locations_postcode_pc4", sql`${t.postcode} ~ '^[1-9][0-9]{3}$'`),
    check(
      "locations_other_municipality",
      sql`(${t.municipality} = ${sql.raw(`'${OUTSIDE_REGION}'`)}) = (${t.otherMunicipality} IS NOT NULL)`,
    ),
    check("locations_coordinates_pair", sql`(${t.lat} IS NULL) = (${t.lon} IS NULL)`),
    oneOf("locations_care_type_code", t.careType, CARE_TYPES),
    allOf("locations_flags_codes", t.flags, PLACE_FLAGS),
    oneOf("locations_municipality_code", t.municipality, LOCATION_MUNICIPALITIES),
    oneOf("locations_gender_code", t.gender, GENDER_RULES),
    allOf("locations_target_groups_codes", t.targetGroups, CHARACTERISTICS),
    allOf("locations_contra_indications_codes", t.contraIndications, CHARACTERISTICS),
    uniqueIndex("locations_provider_code_idx").on(t.providerId, t.code),
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
  (t) => [
    index("capacity_events_location_idx").on(t.locationId, t.seq),
    oneOf("capacity_events_kind_code", t.kind, CAPACITY_EVENT_KINDS),
  ],
);

export const users = pgTable(
  "users",
  {
    id: integer("id").primaryKey().generatedAlwaysAsIdentity(),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    role: text("role").$type<Role>().notNull(),
    /** Set for role aanbieder only: the one provider whose locations this account may change. */
    providerId: integer("provider_id").references(() => providers.id),
    /** argon2id hash. */
    passwordHash: text("password_hash").notNull(),
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    /**
     * Base32 TOTP secret once two-factor sign-in is enrolled (confirmed by a first right code), sealed with SECRET_KEYS
     * when set (server/db/sealed.ts); null: not enrolled.
     */
    totpSecret: text("totp_secret"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** The TOTP time step of the last code accepted: a code is good once, even within its 30 s window (replay). */
    totpLastStep: integer("totp_last_step"),
    ...timestamps,
  },
  (t) => [oneOf("users_role_code", t.role, ROLES)],
);

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
    outcome: text("outcome").$type<(typeof AUDIT_OUTCOMES)[number]>().notNull(),
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
    oneOf("audit_log_outcome_code", t.outcome, AUDIT_OUTCOMES),
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

/**
 * Verwachte uitstroom: a place a provider expects to come free. `reservationId`: the open reservation of a request that
 * holds this coming place ("vrij per"); a claimed departure no longer counts as coming free for anyone else.
 */
export const plannedDepartures = pgTable(
  "planned_departures",
  { ...plannedMoveColumns(), reservationId: integer("reservation_id") },
  (t) => [
    index("planned_departures_location_idx").on(t.locationId),
    index("planned_departures_reservation_idx").on(t.reservationId).where(sql`${t.reservationId} is not null`),
    oneOf("planned_departures_certainty_code", t.certainty, CERTAINTIES),
  ],
);

/** Verwachte instroom: a youth a provider expects to admit; it will take a place. */
export const plannedAdmissions = pgTable("planned_admissions", plannedMoveColumns(), (t) => [
  index("planned_admissions_location_idx").on(t.locationId),
  oneOf("planned_admissions_certainty_code", t.certainty, CERTAINTIES),
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
  (t) => [
    index("planning_events_location_idx").on(t.locationId, t.at),
    index("planning_events_at_idx").on(t.at),
    oneOf("planning_events_direction_code", t.direction, PLAN_DIRECTIONS),
    oneOf("planning_events_action_code", t.action, PLAN_ACTIONS),
    oneOf("planning_events_certainty_code", t.certainty, CERTAINTIES),
  ],
);

export type ProviderRow = typeof providers.$inferSelect;
export type LocationRow = typeof locations.$inferSelect;
export type CapacityEventRow = typeof capacityEvents.$inferSelect;
export type UserRow = typeof users.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type PlanningEventRow = typeof planningEvents.$inferSelect;

export * from "./schema-jobs.js";
export * from "./schema-notifications.js";
export * from "./schema-placements.js";
export * from "./schema-webhooks.js";

CREATE TABLE "capacity_events" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"location_id" integer NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"prev_capacity" integer,
	"prev_occupied" integer,
	"prev_reserved" integer,
	"capacity" integer NOT NULL,
	"occupied" integer NOT NULL,
	"reserved" integer NOT NULL,
	"version" integer NOT NULL,
	"last_confirmed_at" timestamp with time zone NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_sequence" (
	"id" smallint PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "locations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "locations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"provider_id" integer NOT NULL,
	"name" text NOT NULL,
	"care_type" text NOT NULL,
	"municipality" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"age_min" smallint NOT NULL,
	"age_max" smallint NOT NULL,
	"gender" text DEFAULT 'alle' NOT NULL,
	"crisis" boolean DEFAULT false NOT NULL,
	"treatment" boolean DEFAULT false NOT NULL,
	"target_groups" text[] DEFAULT '{}' NOT NULL,
	"contra_indications" text[] DEFAULT '{}' NOT NULL,
	"capacity" integer NOT NULL,
	"occupied" integer DEFAULT 0 NOT NULL,
	"reserved" integer DEFAULT 0 NOT NULL,
	"free" integer GENERATED ALWAYS AS (capacity - occupied - reserved) STORED NOT NULL,
	"last_confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "locations_counts_nonnegative" CHECK ("locations"."capacity" >= 0 AND "locations"."occupied" >= 0 AND "locations"."reserved" >= 0),
	CONSTRAINT "locations_free_nonnegative" CHECK ("locations"."occupied" + "locations"."reserved" <= "locations"."capacity"),
	CONSTRAINT "locations_age_range" CHECK ("locations"."age_min" <= "locations"."age_max")
);
--> statement-breakpoint
CREATE TABLE "providers" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "providers_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "providers_name_unique" UNIQUE("name")
);
--> statement-breakpoint
ALTER TABLE "capacity_events" ADD CONSTRAINT "capacity_events_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_provider_id_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."providers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "capacity_events_location_idx" ON "capacity_events" USING btree ("location_id","seq");--> statement-breakpoint
CREATE INDEX "locations_provider_idx" ON "locations" USING btree ("provider_id");
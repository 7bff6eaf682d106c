CREATE TABLE "ambulant_alternatives" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ambulant_alternatives_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"type" text NOT NULL,
	"period_from" date NOT NULL,
	"period_to" date,
	"outcome" text NOT NULL,
	"reason" text NOT NULL,
	"recorded_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "placement_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "placement_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_number" text NOT NULL,
	"created_by" integer NOT NULL,
	"age" smallint NOT NULL,
	"gender" text NOT NULL,
	"home_municipality" text NOT NULL,
	"home_postcode" text NOT NULL,
	"school_postcode" text,
	"urgency" text NOT NULL,
	"wanted_start" date NOT NULL,
	"siblings" smallint DEFAULT 0 NOT NULL,
	"characteristics" text[] NOT NULL,
	"acceptable_care_types" text[] NOT NULL,
	"complex" boolean NOT NULL,
	"status" text DEFAULT 'concept' NOT NULL,
	"ambulant_due_at" timestamp with time zone,
	"explanatory_analysis_on" date,
	"explanatory_analysis_by" text,
	"escalated_at" timestamp with time zone,
	"placed_at" timestamp with time zone,
	"placed_location_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "placement_requests_case_number_unique" UNIQUE("case_number")
);
--> statement-breakpoint
CREATE TABLE "planned_departures" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "planned_departures_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"location_id" integer NOT NULL,
	"expected_date" date NOT NULL,
	"certainty" text NOT NULL,
	"created_by" text NOT NULL,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_transitions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_transitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reservations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "reservations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"request_id" integer NOT NULL,
	"location_id" integer NOT NULL,
	"places" smallint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"contra_indications" text[] NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"answered_by" text,
	"answered_at" timestamp with time zone,
	"decline_reason" text,
	"decline_note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ambulant_alternatives" ADD CONSTRAINT "ambulant_alternatives_request_id_placement_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."placement_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_placed_location_id_locations_id_fk" FOREIGN KEY ("placed_location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "planned_departures" ADD CONSTRAINT "planned_departures_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_transitions" ADD CONSTRAINT "request_transitions_request_id_placement_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."placement_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_request_id_placement_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."placement_requests"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_location_id_locations_id_fk" FOREIGN KEY ("location_id") REFERENCES "public"."locations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "placement_requests_status_idx" ON "placement_requests" USING btree ("status");--> statement-breakpoint
CREATE INDEX "planned_departures_location_idx" ON "planned_departures" USING btree ("location_id");--> statement-breakpoint
CREATE INDEX "reservations_open_idx" ON "reservations" USING btree ("status","expires_at");--> statement-breakpoint
CREATE INDEX "reservations_location_idx" ON "reservations" USING btree ("location_id");
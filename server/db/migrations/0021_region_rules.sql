ALTER TABLE "reservations" DROP CONSTRAINT "reservations_status_code";--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "flags" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "planned_departures" ADD COLUMN "reservation_id" integer;--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "flags" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "reservations" ADD COLUMN "crisis_reason" text;--> statement-breakpoint
ALTER TABLE "reservations" ADD COLUMN "available_from" date;--> statement-breakpoint
ALTER TABLE "reservations" ADD COLUMN "awaiting" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "planned_departures_reservation_idx" ON "planned_departures" USING btree ("reservation_id") WHERE "planned_departures"."reservation_id" is not null;--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_flags_codes" CHECK ("locations"."flags" <@ ARRAY['logeer-respijt', 'kamertraining', 'pleegzorg-deeltijd', 'pleegzorg-voltijd']::text[]);--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_flags_codes" CHECK ("placement_requests"."flags" <@ ARRAY['logeer-respijt', 'kamertraining', 'pleegzorg-deeltijd', 'pleegzorg-voltijd', 'behandeling']::text[]);--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_crisis_reason_code" CHECK ("reservations"."crisis_reason" = ANY (ARRAY['geen-reguliere-plek', 'veiligheid', 'broers-zussen', 'overbrugging', 'anders']::text[]));--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_awaiting_range" CHECK ("reservations"."awaiting" >= 0 AND "reservations"."awaiting" <= "reservations"."places");--> statement-breakpoint
ALTER TABLE "reservations" ADD CONSTRAINT "reservations_status_code" CHECK ("reservations"."status" = ANY (ARRAY['open', 'geaccepteerd', 'geweigerd', 'verlopen', 'ingetrokken', 'vervallen']::text[]));
-- Providers and locations become data the application manages (AGB code, own location code, PC4, crisis places, open
-- and closed dates, locations outside the region), and a location's life becomes part of the capacity event log.
-- Existing rows are backfilled before the NOT NULL constraints: a provider gets a placeholder AGB code '99' + its id
-- (the beheerder corrects it), a location the code 'LOC-' + its id and a PC4 of its gemeente.
ALTER TABLE "capacity_events" DROP CONSTRAINT "capacity_events_kind_code";--> statement-breakpoint
ALTER TABLE "locations" DROP CONSTRAINT "locations_municipality_code";--> statement-breakpoint
DROP INDEX "locations_provider_idx";--> statement-breakpoint
ALTER TABLE "locations" ALTER COLUMN "lat" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ALTER COLUMN "lon" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "crisis_places" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
-- A crisis location held crisis beds only: all its places are crisis places.
UPDATE "locations" SET "crisis_places" = "capacity" WHERE "crisis";--> statement-breakpoint
ALTER TABLE "locations" DROP COLUMN "crisis";--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "crisis" boolean GENERATED ALWAYS AS (crisis_places > 0) STORED NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "code" text;--> statement-breakpoint
UPDATE "locations" SET "code" = 'LOC-' || lpad("id"::text, 4, '0');--> statement-breakpoint
ALTER TABLE "locations" ALTER COLUMN "code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "other_municipality" text;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "postcode" text;--> statement-breakpoint
UPDATE "locations" SET "postcode" = CASE "municipality"
  WHEN 'Almelo' THEN '7607' WHEN 'Borne' THEN '7621' WHEN 'Dinkelland' THEN '7591' WHEN 'Enschede' THEN '7511'
  WHEN 'Haaksbergen' THEN '7481' WHEN 'Hellendoorn' THEN '7442' WHEN 'Hengelo' THEN '7551'
  WHEN 'Hof van Twente' THEN '7471' WHEN 'Losser' THEN '7581' WHEN 'Oldenzaal' THEN '7571'
  WHEN 'Rijssen-Holten' THEN '7461' WHEN 'Tubbergen' THEN '7651' WHEN 'Twenterand' THEN '7671'
  WHEN 'Wierden' THEN '7641' END;--> statement-breakpoint
ALTER TABLE "locations" ALTER COLUMN "postcode" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "siblings_together" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "locations" SET "siblings_together" = true WHERE 'broers-zussen' = ANY ("target_groups");--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "opened_on" date DEFAULT now() NOT NULL;--> statement-breakpoint
UPDATE "locations" SET "opened_on" = ("created_at" AT TIME ZONE 'Europe/Amsterdam')::date;--> statement-breakpoint
ALTER TABLE "locations" ADD COLUMN "closed_on" date;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "agb_code" text;--> statement-breakpoint
UPDATE "providers" SET "agb_code" = '99' || lpad("id"::text, 6, '0');--> statement-breakpoint
ALTER TABLE "providers" ALTER COLUMN "agb_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "providers" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "locations_provider_code_idx" ON "locations" USING btree ("provider_id","code");--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_agb_code_unique" UNIQUE("agb_code");--> statement-breakpoint
ALTER TABLE "capacity_events" ADD CONSTRAINT "capacity_events_kind_code" CHECK ("capacity_events"."kind" = ANY (ARRAY['locatie-aangemaakt', 'vrije-plekken-gewijzigd', 'plek-bezet', 'plek-vrijgekomen', 'ongewijzigd-bevestigd', 'plek-gereserveerd', 'reservering-vervallen', 'geplaatst', 'capaciteit-gewijzigd', 'kenmerken-gewijzigd', 'locatie-gesloten', 'locatie-heropend']::text[]));--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_crisis_places_range" CHECK ("locations"."crisis_places" >= 0 AND "locations"."crisis_places" <= "locations"."capacity");--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_postcode_pc4" CHECK ("locations"."postcode" ~ '^[1-9][0-9]{3}$');--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_other_municipality" CHECK (("locations"."municipality" = 'buiten de regio') = ("locations"."other_municipality" IS NOT NULL));--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_coordinates_pair" CHECK (("locations"."lat" IS NULL) = ("locations"."lon" IS NULL));--> statement-breakpoint
ALTER TABLE "locations" ADD CONSTRAINT "locations_municipality_code" CHECK ("locations"."municipality" = ANY (ARRAY['Almelo', 'Borne', 'Dinkelland', 'Enschede', 'Haaksbergen', 'Hellendoorn', 'Hengelo', 'Hof van Twente', 'Losser', 'Oldenzaal', 'Rijssen-Holten', 'Tubbergen', 'Twenterand', 'Wierden', 'buiten de regio']::text[]));--> statement-breakpoint
ALTER TABLE "providers" ADD CONSTRAINT "providers_agb_code_format" CHECK ("providers"."agb_code" ~ '^[0-9]{8}$');

CREATE TABLE "job_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "job_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"job" text NOT NULL,
	"day" date NOT NULL,
	"started_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	"finished_at" timestamp with time zone,
	"outcome" text NOT NULL,
	"counts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"error" text,
	CONSTRAINT "job_runs_job_code" CHECK ("job_runs"."job" = ANY (ARRAY['retentie']::text[])),
	CONSTRAINT "job_runs_outcome_code" CHECK ("job_runs"."outcome" = ANY (ARRAY['voltooid', 'mislukt']::text[]))
);
--> statement-breakpoint
ALTER TABLE "placement_requests" ADD COLUMN "pseudonymised_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "job_runs_once_a_day" ON "job_runs" USING btree ("job","day","outcome");--> statement-breakpoint
ALTER TABLE "placement_requests" ADD CONSTRAINT "placement_requests_pseudonymised_blank" CHECK ("placement_requests"."pseudonymised_at" is null or ("placement_requests"."case_number" = ('gepseudonimiseerd-' || "placement_requests"."id") and "placement_requests"."home_postcode" = ''
        and "placement_requests"."school_postcode" is null and "placement_requests"."explanatory_analysis_by" is null));
--> statement-breakpoint
-- Retention (issue 20): the audit log stays append-only for everything in the product, with two narrow exceptions
-- that only the daily retention job asks for, each under a transaction-local setting it sets itself:
-- * wijzer.audit_delete_before: a DELETE goes through only for a row older than that bound, and only when the bound
--   lies at least a year back (AUDIT_RETENTION_YEARS is at least 1), so no setting can empty the recent log;
-- * wijzer.audit_pseudonymise = 'on': an UPDATE goes through only when it replaces the case number a row names
--   (on_behalf_of) by a request's placeholder, and the same number in detail and data, and changes nothing else.
-- Everything else is refused as before.
CREATE FUNCTION audit_blank_case_number(value text, case_number text, placeholder text) RETURNS text
  LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN value IS NULL OR case_number IS NULL OR case_number = '' THEN value
    -- The number as a whole word, with every character that is not a letter or digit taken literally.
    ELSE regexp_replace(value, '\m' || regexp_replace(case_number, '([^A-Za-z0-9])', '\\\1', 'g') || '\M',
      placeholder, 'g')
  END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  delete_before timestamptz;
  kept text[] := ARRAY['on_behalf_of', 'detail', 'data'];
BEGIN
  IF TG_OP = 'DELETE' THEN
    delete_before := nullif(current_setting('wijzer.audit_delete_before', true), '')::timestamptz;
    IF delete_before IS NOT NULL AND delete_before <= now() - interval '1 year' AND OLD.at < delete_before THEN
      RETURN OLD;
    END IF;
  ELSIF TG_OP = 'UPDATE' AND current_setting('wijzer.audit_pseudonymise', true) = 'on' THEN
    IF OLD.on_behalf_of IS NOT NULL
      AND NEW.on_behalf_of ~ '^gepseudonimiseerd-[0-9]+$'
      AND to_jsonb(NEW) - kept = to_jsonb(OLD) - kept
      AND NEW.detail IS NOT DISTINCT FROM audit_blank_case_number(OLD.detail, OLD.on_behalf_of, NEW.on_behalf_of)
      AND NEW.data IS NOT DISTINCT FROM
        audit_blank_case_number(OLD.data::text, OLD.on_behalf_of, NEW.on_behalf_of)::jsonb
    THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

-- The sequence counter starts at zero; the first event gets seq 1.
INSERT INTO "event_sequence" ("id", "last_seq") VALUES (1, 0);
--> statement-breakpoint
-- The capacity event log is the audit trail: nothing may change or remove a row once written.
CREATE FUNCTION capacity_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'capacity_events is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER capacity_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "capacity_events"
  FOR EACH ROW EXECUTE FUNCTION capacity_events_append_only();

-- The planning history is what forecasts are replayed from: nothing may change or remove a row once written.
CREATE FUNCTION planning_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'planning_events is append-only';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER planning_events_no_update_or_delete
  BEFORE UPDATE OR DELETE ON "planning_events"
  FOR EACH ROW EXECUTE FUNCTION planning_events_append_only();

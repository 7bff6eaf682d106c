-- Every server process may keep sessions it has read in memory (features/auth/session-cache.ts) and must hear at once
-- when one ends or changes, when an account changes and when the tables are emptied, whoever made the change: a
-- release, a script, psql. The payload is the session's key (the hash of its secret, never the secret) or the
-- account's id.
CREATE FUNCTION session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify('session_changes', '*');
  ELSIF TG_TABLE_NAME = 'sessions' THEN
    PERFORM pg_notify('session_changes', 's:' || OLD.id);
  ELSE
    PERFORM pg_notify('session_changes', 'u:' || OLD.id);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER sessions_changed
  AFTER UPDATE OR DELETE ON "sessions"
  FOR EACH ROW EXECUTE FUNCTION session_changed();
--> statement-breakpoint
CREATE TRIGGER users_changed
  AFTER UPDATE OR DELETE ON "users"
  FOR EACH ROW EXECUTE FUNCTION session_changed();
--> statement-breakpoint
CREATE TRIGGER sessions_truncated
  AFTER TRUNCATE ON "sessions"
  FOR EACH STATEMENT EXECUTE FUNCTION session_changed();
--> statement-breakpoint
CREATE TRIGGER users_truncated
  AFTER TRUNCATE ON "users"
  FOR EACH STATEMENT EXECUTE FUNCTION session_changed();

-- Several platform processes share one database. Each keeps terminal keys and scopes for a few
-- seconds (http/auth/terminal-directory.ts); a change to what a terminal may do is announced on
-- the channel `mykey_credentials`, whoever made it (the API of any process, the CLI, an operator's
-- SQL), and every process forgets at once. The payload is the terminal's id, or '*' when a
-- provider's or a service's change may touch many terminals. It never names a person.
CREATE FUNCTION announce_terminal_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mykey_credentials', coalesce(NEW.id, OLD.id));
  RETURN NULL;
END $$;

CREATE FUNCTION announce_scope_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('mykey_credentials', '*');
  RETURN NULL;
END $$;

CREATE TRIGGER terminals_announce AFTER UPDATE OR DELETE ON terminals
  FOR EACH ROW EXECUTE FUNCTION announce_terminal_change();
CREATE TRIGGER services_announce AFTER INSERT OR UPDATE OR DELETE ON services
  FOR EACH STATEMENT EXECUTE FUNCTION announce_scope_change();
CREATE TRIGGER providers_announce AFTER UPDATE OR DELETE ON providers
  FOR EACH STATEMENT EXECUTE FUNCTION announce_scope_change();

-- Kiosk holder sessions live in the token the kiosk holds (sealed by the platform, see
-- use-cases/holder-sessions.ts), so any process can serve them and no table holds who is at a
-- kiosk. A session ended before its time is kept here as a digest of its token, which names
-- nobody, only until the token would have expired anyway.
CREATE TABLE ended_holder_sessions (
  token_digest bytea PRIMARY KEY,
  forget_after timestamptz NOT NULL
);

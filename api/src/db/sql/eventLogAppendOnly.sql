-- The event log is append-only: no UPDATE, DELETE or TRUNCATE, whoever asks. A change to an event
-- is a later event (e.g. chain.retracted), never an edit.
CREATE FUNCTION "api"."event_log_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'api.event_log is append-only (% rejected)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "event_log_no_update_delete" BEFORE UPDATE OR DELETE ON "api"."event_log"
  FOR EACH ROW EXECUTE FUNCTION "api"."event_log_append_only"();
--> statement-breakpoint
CREATE TRIGGER "event_log_no_truncate" BEFORE TRUNCATE ON "api"."event_log"
  FOR EACH STATEMENT EXECUTE FUNCTION "api"."event_log_append_only"();

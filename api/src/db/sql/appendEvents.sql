-- Appends a batch of events to the log in one statement (one round trip): the append lock (so
-- cursors follow commit order across processes: it is held until the calling statement's
-- transaction commits), the insert (skipping ids and source + webhook ids already logged), and a
-- NOTIFY for the other API processes' tails. `batch` is a JSON array of
-- { id, type, version, source, account, payload, occurred_at, webhook_id }.
CREATE FUNCTION "api"."append_events"(batch jsonb, recorded timestamptz)
  RETURNS TABLE (o_cursor bigint, o_id text, o_recorded_at timestamptz)
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock(1718384505); -- 0x666c7579, "flux" + 1
  RETURN QUERY
    INSERT INTO "api"."event_log"
      (id, type, version, source, account, payload, occurred_at, recorded_at, webhook_id)
    SELECT e->>'id', e->>'type', (e->>'version')::int, e->>'source', e->>'account',
           e->'payload', (e->>'occurred_at')::timestamptz, recorded, e->>'webhook_id'
    FROM jsonb_array_elements(batch) WITH ORDINALITY AS t(e, n)
    ORDER BY n
    ON CONFLICT DO NOTHING
    RETURNING "event_log"."cursor", "event_log"."id", "event_log"."recorded_at";
  IF FOUND THEN
    PERFORM pg_notify('fluxion_events', '');
  END IF;
END;
$$;

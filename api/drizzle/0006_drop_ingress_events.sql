-- The signed ingress's dedupe table: webhooks are deduplicated by the event log itself now
-- (api.event_log, unique source + webhook_id).
DROP TABLE IF EXISTS "api"."ingress_events";

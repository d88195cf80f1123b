CREATE TABLE "api"."event_consumers" (
	"name" text PRIMARY KEY NOT NULL,
	"cursor" bigint NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api"."event_log" (
	"cursor" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api"."event_log_cursor_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"id" text NOT NULL,
	"type" text NOT NULL,
	"version" integer NOT NULL,
	"source" text NOT NULL,
	"account" text,
	"payload" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	"webhook_id" text
);
--> statement-breakpoint
CREATE TABLE "api"."leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api"."reactions" (
	"reactor" text NOT NULL,
	"event_id" text NOT NULL,
	"event_cursor" bigint NOT NULL,
	"status" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone NOT NULL,
	"leased_by" text,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"state" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"done_at" timestamp with time zone,
	CONSTRAINT "reactions_reactor_event_id_pk" PRIMARY KEY("reactor","event_id")
);
--> statement-breakpoint
CREATE TABLE "api"."webhook_sources" (
	"name" text PRIMARY KEY NOT NULL,
	"secrets" jsonb NOT NULL,
	"event_types" text[] NOT NULL,
	"accounts" text[],
	"broadcast" boolean DEFAULT false NOT NULL,
	"rate_limit" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"managed_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "event_log_id_idx" ON "api"."event_log" USING btree ("id");--> statement-breakpoint
CREATE UNIQUE INDEX "event_log_webhook_idx" ON "api"."event_log" USING btree ("source","webhook_id");--> statement-breakpoint
CREATE INDEX "event_log_account_idx" ON "api"."event_log" USING btree ("account","cursor");--> statement-breakpoint
CREATE INDEX "event_log_type_idx" ON "api"."event_log" USING btree ("type","cursor");--> statement-breakpoint
CREATE INDEX "event_log_occurred_idx" ON "api"."event_log" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "reactions_due_idx" ON "api"."reactions" USING btree ("status","next_at");--> statement-breakpoint
CREATE INDEX "reactions_cursor_idx" ON "api"."reactions" USING btree ("event_cursor");--> statement-breakpoint
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

CREATE SCHEMA IF NOT EXISTS "api";
--> statement-breakpoint
CREATE TABLE "api"."audit_log" (
	"seq" bigint PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor" text NOT NULL,
	"subject" text,
	"data" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api"."accounts" (
	"address" text PRIMARY KEY NOT NULL,
	"role" text DEFAULT 'user' NOT NULL,
	"kyc_tier" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api"."api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"roles" jsonb NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "api"."devices" (
	"address" text NOT NULL,
	"fingerprint" text NOT NULL,
	"first_seen_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"sessions" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api"."sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"address" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"device_fingerprint" text,
	"ip" text,
	"user_agent" text,
	"signals" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"risk_score" double precision,
	"risk_ema" double precision,
	"risk_band" text,
	"risk_model" text,
	"last_scored_at" timestamp with time zone,
	"challenge_passed_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	"end_reason" text
);
--> statement-breakpoint
CREATE TABLE "api"."siwe_nonces" (
	"nonce" text PRIMARY KEY NOT NULL,
	"purpose" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "api"."compliance_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"account" text NOT NULL,
	"action" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"addresses" jsonb NOT NULL,
	"reference" text,
	"decision" text NOT NULL,
	"outcome" text NOT NULL,
	"rules" jsonb NOT NULL,
	"risk_score" double precision,
	"risk_model" text,
	"risk_source" text,
	"actor" text NOT NULL,
	"record_kept" boolean NOT NULL,
	"report_filed" boolean NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api"."compliance_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"decision_id" uuid NOT NULL,
	"account" text NOT NULL,
	"action" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"addresses" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api"."compliance_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"account" text NOT NULL,
	"day" date NOT NULL,
	"total_cents" bigint NOT NULL,
	"decision_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api"."denylist" (
	"address" text PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"added_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api"."review_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"decision_id" uuid NOT NULL,
	"account" text NOT NULL,
	"status" text NOT NULL,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"claim_expires_at" timestamp with time zone,
	"resolved_by" text,
	"resolved_at" timestamp with time zone,
	"reason" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api"."compliance_records" ADD CONSTRAINT "compliance_records_decision_id_compliance_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "api"."compliance_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api"."compliance_reports" ADD CONSTRAINT "compliance_reports_decision_id_compliance_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "api"."compliance_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api"."review_items" ADD CONSTRAINT "review_items_decision_id_compliance_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "api"."compliance_decisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "devices_address_fingerprint_idx" ON "api"."devices" USING btree ("address","fingerprint");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_idx" ON "api"."sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_address_idx" ON "api"."sessions" USING btree ("address");--> statement-breakpoint
CREATE INDEX "sessions_status_last_seen_idx" ON "api"."sessions" USING btree ("status","last_seen_at");--> statement-breakpoint
CREATE INDEX "compliance_decisions_account_created_idx" ON "api"."compliance_decisions" USING btree ("account","created_at");--> statement-breakpoint
CREATE INDEX "compliance_decisions_created_idx" ON "api"."compliance_decisions" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_decisions_reference_idx" ON "api"."compliance_decisions" USING btree ("account","action","reference") WHERE "api"."compliance_decisions"."reference" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_records_decision_idx" ON "api"."compliance_records" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "compliance_records_account_created_idx" ON "api"."compliance_records" USING btree ("account","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_reports_account_day_idx" ON "api"."compliance_reports" USING btree ("account","day");--> statement-breakpoint
CREATE UNIQUE INDEX "review_items_decision_idx" ON "api"."review_items" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "review_items_status_created_idx" ON "api"."review_items" USING btree ("status","created_at","id");
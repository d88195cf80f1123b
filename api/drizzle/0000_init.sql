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
CREATE UNIQUE INDEX "devices_address_fingerprint_idx" ON "api"."devices" USING btree ("address","fingerprint");--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_hash_idx" ON "api"."sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_address_idx" ON "api"."sessions" USING btree ("address");--> statement-breakpoint
CREATE INDEX "sessions_status_last_seen_idx" ON "api"."sessions" USING btree ("status","last_seen_at");
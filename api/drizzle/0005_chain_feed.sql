CREATE TABLE "api"."chain_feed" (
	"event_id" text PRIMARY KEY NOT NULL,
	"chain_id" integer NOT NULL,
	"block_number" bigint NOT NULL,
	"log_index" integer NOT NULL,
	"block_hash" text NOT NULL,
	"generation" integer NOT NULL,
	"type" text NOT NULL,
	"account" text,
	"logged_at" timestamp with time zone NOT NULL,
	"retracted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "chain_feed_position_idx" ON "api"."chain_feed" USING btree ("chain_id","block_number","log_index");
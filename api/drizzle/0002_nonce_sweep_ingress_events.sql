CREATE TABLE "api"."ingress_events" (
	"source" text NOT NULL,
	"event_id" text NOT NULL,
	"received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ingress_events_source_event_id_pk" PRIMARY KEY("source","event_id")
);
--> statement-breakpoint
CREATE INDEX "ingress_events_received_at_idx" ON "api"."ingress_events" USING btree ("received_at");--> statement-breakpoint
CREATE INDEX "siwe_nonces_expires_at_idx" ON "api"."siwe_nonces" USING btree ("expires_at");
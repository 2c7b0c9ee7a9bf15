-- Access log lanes: a few parallel hash chains so concurrent appends do not wait for each other's commit.
-- Existing rows form lane 1 (their hashes are unchanged); heads 2..32 start at genesis.
ALTER TABLE "access_log" ADD COLUMN "lane" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "access_log" DROP CONSTRAINT "access_log_pkey";--> statement-breakpoint
ALTER TABLE "access_log" ADD CONSTRAINT "access_log_lane_seq_pk" PRIMARY KEY("lane","seq");--> statement-breakpoint
INSERT INTO "access_log_head" ("id", "seq", "hash", "base_seq", "base_hash") SELECT g, 0, 'genesis', 0, 'genesis' FROM generate_series(1, 32) AS g ON CONFLICT DO NOTHING;

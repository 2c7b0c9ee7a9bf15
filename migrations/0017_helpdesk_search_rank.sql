DROP INDEX "help_search_terms_jamo_trgm_idx";--> statement-breakpoint
ALTER TABLE "help_articles" ADD COLUMN "search_title_tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, search_title)) STORED;--> statement-breakpoint
CREATE INDEX "help_search_terms_jamo_gist_idx" ON "help_search_terms" USING gist ("jamo" gist_trgm_ops);
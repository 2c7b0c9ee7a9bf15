CREATE TABLE "help_search_terms" (
	"term" text PRIMARY KEY NOT NULL,
	"jamo" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "help_articles" ADD COLUMN "search_title" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "help_articles" ADD COLUMN "search_tsv" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, search_title), 'A') || setweight(to_tsvector('simple'::regconfig, search_text), 'B')) STORED;--> statement-breakpoint
CREATE INDEX "help_search_terms_jamo_trgm_idx" ON "help_search_terms" USING gin ("jamo" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "help_articles_tsv_idx" ON "help_articles" USING gin ("search_tsv");--> statement-breakpoint
CREATE INDEX "help_articles_initials_trgm_idx" ON "help_articles" USING gin ("search_initials" gin_trgm_ops);--> statement-breakpoint
-- existing articles: their current titles (the search vector is generated from them)
UPDATE "help_articles" a SET "search_title" = lower(v."title_ko" || ' ' || v."title_en") FROM "help_article_versions" v WHERE v."article_id" = a."id" AND v."version" = a."current_version";

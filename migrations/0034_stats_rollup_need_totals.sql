CREATE TABLE "stat_rollup_need_totals" (
	"month" date NOT NULL,
	"district_code" text NOT NULL,
	"need" text NOT NULL,
	"kind" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "stat_rollup_need_totals_month_district_code_need_kind_pk" PRIMARY KEY("month","district_code","need","kind")
);
--> statement-breakpoint
-- filled from the needs rollup as it stands (same watermark); the refresh keeps both from now on
INSERT INTO "stat_rollup_need_totals" ("month", "district_code", "need", "kind", "n")
SELECT "month", "district_code", "need", "kind", sum("n") FROM "stat_rollup_needs" GROUP BY 1, 2, 3, 4;

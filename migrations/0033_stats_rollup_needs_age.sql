-- the needs rollup gains the age group, so a need combines with an age group; both rollups are rebuilt
-- from stat_events by the next refresh (the watermark starts again at 0), as in 0027
DELETE FROM "stat_rollup_needs";--> statement-breakpoint
DELETE FROM "stat_rollup_monthly";--> statement-breakpoint
DELETE FROM "stat_rollup_state" WHERE "name" = 'monthly';--> statement-breakpoint
ALTER TABLE "stat_rollup_needs" DROP CONSTRAINT "stat_rollup_needs_month_district_code_need_kind_pk";--> statement-breakpoint
ALTER TABLE "stat_rollup_needs" ADD COLUMN "grp" text DEFAULT 'unknown' NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_rollup_needs" ADD CONSTRAINT "stat_rollup_needs_month_district_code_need_grp_kind_pk" PRIMARY KEY("month","district_code","need","grp","kind");

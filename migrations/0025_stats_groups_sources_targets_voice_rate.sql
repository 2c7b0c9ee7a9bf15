CREATE TABLE "stat_source_state" (
	"name" text PRIMARY KEY NOT NULL,
	"cursor_at" timestamp with time zone NOT NULL,
	"cursor_key" text DEFAULT '' NOT NULL,
	"read_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_rate_limits" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "stat_rollup_monthly" DROP CONSTRAINT "stat_rollup_monthly_month_district_code_grp_kind_pk";--> statement-breakpoint
ALTER TABLE "stat_targets" DROP CONSTRAINT "stat_targets_kind_year_pk";--> statement-breakpoint
ALTER TABLE "stat_events" ADD COLUMN "disability" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_events" ADD COLUMN "low_income" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_rollup_monthly" ADD COLUMN "disability" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_rollup_monthly" ADD COLUMN "low_income" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_targets" ADD COLUMN "period" text DEFAULT 'year' NOT NULL;--> statement-breakpoint
ALTER TABLE "stat_rollup_monthly" ADD CONSTRAINT "stat_rollup_monthly_pk" PRIMARY KEY("month","district_code","grp","disability","low_income","kind");--> statement-breakpoint
ALTER TABLE "stat_targets" ADD CONSTRAINT "stat_targets_kind_year_period_pk" PRIMARY KEY("kind","year","period");
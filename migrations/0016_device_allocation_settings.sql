CREATE TABLE "device_allocation_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"committed_by" uuid,
	"committed_at" timestamp with time zone NOT NULL,
	"objective" integer NOT NULL,
	"bound" integer NOT NULL,
	"devices" integer NOT NULL,
	"solver" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_allocation_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"phases" text NOT NULL,
	"pilot_districts" jsonb,
	"tolerance_pct" integer NOT NULL,
	"km_tenths" integer NOT NULL,
	"weights" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_applications" ADD COLUMN "min_grade" text DEFAULT 'C' NOT NULL;--> statement-breakpoint
ALTER TABLE "device_allocation_runs" ADD CONSTRAINT "device_allocation_runs_committed_by_staff_users_id_fk" FOREIGN KEY ("committed_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_allocation_settings" ADD CONSTRAINT "device_allocation_settings_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;
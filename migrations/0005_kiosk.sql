CREATE TABLE "kiosk_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"person_id" uuid,
	"scenario" text NOT NULL,
	"scenario_version" integer NOT NULL,
	"mode" text NOT NULL,
	"completed" boolean NOT NULL,
	"goal_met" boolean,
	"duration_ms" integer NOT NULL,
	"wrong_taps" integer NOT NULL,
	"hints" integer NOT NULL,
	"timeouts" integer NOT NULL,
	"stopped_at" text,
	"steps" jsonb NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kiosk_scenarios" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"source" text NOT NULL,
	"published" jsonb,
	"published_version" integer,
	"created_by" uuid,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	CONSTRAINT "kiosk_scenarios_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
ALTER TABLE "kiosk_attempts" ADD CONSTRAINT "kiosk_attempts_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_scenarios" ADD CONSTRAINT "kiosk_scenarios_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kiosk_scenarios" ADD CONSTRAINT "kiosk_scenarios_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "kiosk_attempts_scenario_idx" ON "kiosk_attempts" USING btree ("scenario");--> statement-breakpoint
CREATE INDEX "kiosk_attempts_person_idx" ON "kiosk_attempts" USING btree ("person_id");
CREATE TABLE "edu_cancel_links" (
	"code" text PRIMARY KEY NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edu_tutor_profiles" (
	"staff_id" uuid PRIMARY KEY NOT NULL,
	"skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"languages" jsonb DEFAULT '["ko"]'::jsonb NOT NULL,
	"districts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"availability" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"peer_volunteer" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edu_walk_ins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"name" text NOT NULL,
	"sync_key" text NOT NULL,
	"added_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "staff_org_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"staff_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"granted_by" uuid,
	"granted_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"revoked_by" uuid
);
--> statement-breakpoint
ALTER TABLE "edu_attendance" ADD COLUMN "sync_key" text;--> statement-breakpoint
ALTER TABLE "edu_courses" ADD COLUMN "video_url" text;--> statement-breakpoint
ALTER TABLE "edu_courses" ADD COLUMN "captions_vtt" text;--> statement-breakpoint
ALTER TABLE "edu_courses" ADD COLUMN "transcript_ko" text;--> statement-breakpoint
ALTER TABLE "edu_courses" ADD COLUMN "transcript_en" text;--> statement-breakpoint
ALTER TABLE "edu_sessions" ADD COLUMN "live_url" text;--> statement-breakpoint
ALTER TABLE "edu_cancel_links" ADD CONSTRAINT "edu_cancel_links_enrolment_id_edu_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."edu_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_tutor_profiles" ADD CONSTRAINT "edu_tutor_profiles_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_walk_ins" ADD CONSTRAINT "edu_walk_ins_meeting_id_edu_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."edu_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_walk_ins" ADD CONSTRAINT "edu_walk_ins_added_by_staff_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_org_grants" ADD CONSTRAINT "staff_org_grants_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_org_grants" ADD CONSTRAINT "staff_org_grants_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_org_grants" ADD CONSTRAINT "staff_org_grants_granted_by_staff_users_id_fk" FOREIGN KEY ("granted_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "staff_org_grants" ADD CONSTRAINT "staff_org_grants_revoked_by_staff_users_id_fk" FOREIGN KEY ("revoked_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "edu_cancel_links_enrolment_uq" ON "edu_cancel_links" USING btree ("enrolment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "edu_walk_ins_key_uq" ON "edu_walk_ins" USING btree ("sync_key");--> statement-breakpoint
CREATE INDEX "edu_walk_ins_meeting_idx" ON "edu_walk_ins" USING btree ("meeting_id");--> statement-breakpoint
CREATE INDEX "staff_org_grants_staff_idx" ON "staff_org_grants" USING btree ("staff_id");
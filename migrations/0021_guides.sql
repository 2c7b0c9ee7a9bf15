CREATE TABLE "dir_facility_details" (
	"place_id" text PRIMARY KEY NOT NULL,
	"hours" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hours_ko" text,
	"hours_en" text,
	"step_free" boolean,
	"hearing_loop" boolean,
	"braille" boolean,
	"access_ko" text,
	"access_en" text,
	"languages" jsonb DEFAULT '["ko"]'::jsonb NOT NULL,
	"services" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"contact" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"description_ko" text,
	"description_en" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "dir_facility_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"place_id" text NOT NULL,
	"version" integer NOT NULL,
	"source" text NOT NULL,
	"changed_by" uuid,
	"changed_at" timestamp with time zone NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL,
	"fields" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guide_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"shift" text NOT NULL,
	"site_id" text NOT NULL,
	"label_ko" text NOT NULL,
	"label_en" text NOT NULL,
	"district_code" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"covered" double precision NOT NULL,
	"pinned" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guide_assists" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idem_key" text NOT NULL,
	"staff_id" uuid NOT NULL,
	"team_id" uuid,
	"assignment_id" uuid,
	"site_id" text NOT NULL,
	"label_ko" text NOT NULL,
	"label_en" text NOT NULL,
	"district_code" text,
	"lat" double precision,
	"lon" double precision,
	"what" text NOT NULL,
	"outcome" text NOT NULL,
	"minutes" integer NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"kiosk_kind" text,
	"kiosk_problem" text,
	"referral_kind" text,
	"referral_ticket_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guide_checkins" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"idem_key" text NOT NULL,
	"staff_id" uuid NOT NULL,
	"team_id" uuid,
	"assignment_id" uuid,
	"site_id" text NOT NULL,
	"label_ko" text NOT NULL,
	"label_en" text NOT NULL,
	"lat" double precision,
	"lon" double precision,
	"checked_in_at" timestamp with time zone NOT NULL,
	"checked_out_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "guide_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"version" integer NOT NULL,
	"status" text NOT NULL,
	"week_start" date NOT NULL,
	"solver" text NOT NULL,
	"covered" double precision NOT NULL,
	"total_demand" double precision NOT NULL,
	"objective" double precision NOT NULL,
	"bound" double precision NOT NULL,
	"gap" double precision NOT NULL,
	"greedy_covered" double precision NOT NULL,
	"elapsed_ms" integer NOT NULL,
	"stats" jsonb NOT NULL,
	"settings" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"published_by" uuid,
	"published_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "guide_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"site_id" text NOT NULL,
	"shift" text,
	"team_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guide_settings" (
	"id" text PRIMARY KEY NOT NULL,
	"weights" jsonb NOT NULL,
	"walk_m" integer NOT NULL,
	"travel_km" double precision NOT NULL,
	"min_per_district" integer NOT NULL,
	"time_limit_s" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "guide_sites" (
	"id" text PRIMARY KEY NOT NULL,
	"label_ko" text NOT NULL,
	"label_en" text NOT NULL,
	"district_code" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"added_by" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "guide_team_members" (
	"team_id" uuid NOT NULL,
	"staff_id" uuid NOT NULL,
	CONSTRAINT "guide_team_members_team_id_staff_id_pk" PRIMARY KEY("team_id","staff_id")
);
--> statement-breakpoint
CREATE TABLE "guide_teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title" text NOT NULL,
	"home_district" text NOT NULL,
	"shifts" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nav_programme_versions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"programme_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"spec" jsonb NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"changed_by" uuid,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nav_local_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"spec" jsonb NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"valid_from" date NOT NULL,
	"valid_to" date,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" uuid
);
--> statement-breakpoint
CREATE TABLE "nav_programme_notices" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"programme_key" text NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"job_ref" text
);
--> statement-breakpoint
CREATE TABLE "nav_saved_cases" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code_hash" text NOT NULL,
	"person_id" uuid,
	"answers_enc" text NOT NULL,
	"step" text,
	"notify_consent" boolean DEFAULT false NOT NULL,
	"contact_phone_enc" text,
	"contact_email_enc" text,
	"saved_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"district_code" text DEFAULT '' NOT NULL,
	"grp" text DEFAULT 'unknown' NOT NULL,
	"value" integer DEFAULT 1 NOT NULL,
	"source_key" text
);
--> statement-breakpoint
CREATE TABLE "stat_rollup_monthly" (
	"month" date NOT NULL,
	"district_code" text NOT NULL,
	"grp" text NOT NULL,
	"kind" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "stat_rollup_monthly_month_district_code_grp_kind_pk" PRIMARY KEY("month","district_code","grp","kind")
);
--> statement-breakpoint
CREATE TABLE "stat_rollup_state" (
	"name" text PRIMARY KEY NOT NULL,
	"last_id" bigint NOT NULL,
	"refreshed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stat_targets" (
	"kind" text NOT NULL,
	"year" integer NOT NULL,
	"target" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "stat_targets_kind_year_pk" PRIMARY KEY("kind","year")
);
--> statement-breakpoint
CREATE TABLE "voice_kiosk_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company" text NOT NULL,
	"company_key" text NOT NULL,
	"kiosk_type" text NOT NULL,
	"place" text NOT NULL,
	"district_code" text,
	"problems" jsonb NOT NULL,
	"hard_text" text,
	"source" text NOT NULL,
	"reported_by" uuid,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_kiosk_share_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_key" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "voice_campaign_answers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"choice" integer NOT NULL,
	"respondent_group" text NOT NULL,
	"district_code" text,
	"channel" text NOT NULL,
	"entered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "voice_campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"question_ko" text NOT NULL,
	"question_en" text NOT NULL,
	"choices" jsonb NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "voice_survey_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"service" text NOT NULL,
	"reference" text NOT NULL,
	"person_id" uuid,
	"district_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "voice_survey_responses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"request_id" uuid,
	"service" text NOT NULL,
	"reference" text,
	"score" integer NOT NULL,
	"comment" text,
	"follow_up_phone_enc" text,
	"followed_up_at" timestamp with time zone,
	"district_code" text,
	"channel" text NOT NULL,
	"entered_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "voice_survey_score" CHECK ("voice_survey_responses"."score" between 1 and 3)
);
--> statement-breakpoint
CREATE TABLE "vol_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"person_id" uuid NOT NULL,
	"role" text NOT NULL,
	"status" text DEFAULT 'applied' NOT NULL,
	"motivation_enc" text NOT NULL,
	"availability_enc" text NOT NULL,
	"district_code" text,
	"interview_at" timestamp with time zone,
	"training_course_id" uuid,
	"training_done_at" timestamp with time zone,
	"certified_at" timestamp with time zone,
	"certificate_no" text,
	"assigned_place_id" text,
	"review_enc" text,
	"reviewed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vol_hours" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"day" date NOT NULL,
	"minutes" integer NOT NULL,
	"activity" text NOT NULL,
	"source_ref" text,
	"logged_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dir_facility_details" ADD CONSTRAINT "dir_facility_details_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dir_facility_details" ADD CONSTRAINT "dir_facility_details_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dir_facility_history" ADD CONSTRAINT "dir_facility_history_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dir_facility_history" ADD CONSTRAINT "dir_facility_history_changed_by_staff_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_assignments" ADD CONSTRAINT "guide_assignments_plan_id_guide_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."guide_plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_assignments" ADD CONSTRAINT "guide_assignments_team_id_guide_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."guide_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_assists" ADD CONSTRAINT "guide_assists_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_assists" ADD CONSTRAINT "guide_assists_team_id_guide_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."guide_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_assists" ADD CONSTRAINT "guide_assists_assignment_id_guide_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."guide_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_checkins" ADD CONSTRAINT "guide_checkins_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_checkins" ADD CONSTRAINT "guide_checkins_team_id_guide_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."guide_teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_checkins" ADD CONSTRAINT "guide_checkins_assignment_id_guide_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."guide_assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_plans" ADD CONSTRAINT "guide_plans_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_plans" ADD CONSTRAINT "guide_plans_published_by_staff_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_rules" ADD CONSTRAINT "guide_rules_team_id_guide_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."guide_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_rules" ADD CONSTRAINT "guide_rules_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_settings" ADD CONSTRAINT "guide_settings_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_sites" ADD CONSTRAINT "guide_sites_added_by_staff_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_team_members" ADD CONSTRAINT "guide_team_members_team_id_guide_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."guide_teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guide_team_members" ADD CONSTRAINT "guide_team_members_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nav_programme_versions" ADD CONSTRAINT "nav_programme_versions_programme_id_nav_local_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."nav_local_programmes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nav_programme_versions" ADD CONSTRAINT "nav_programme_versions_changed_by_staff_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nav_local_programmes" ADD CONSTRAINT "nav_local_programmes_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nav_programme_notices" ADD CONSTRAINT "nav_programme_notices_case_id_nav_saved_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."nav_saved_cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nav_saved_cases" ADD CONSTRAINT "nav_saved_cases_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "nav_saved_cases" ADD CONSTRAINT "nav_saved_cases_saved_by_staff_users_id_fk" FOREIGN KEY ("saved_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stat_targets" ADD CONSTRAINT "stat_targets_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_kiosk_reports" ADD CONSTRAINT "voice_kiosk_reports_reported_by_staff_users_id_fk" FOREIGN KEY ("reported_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_kiosk_share_links" ADD CONSTRAINT "voice_kiosk_share_links_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_campaign_answers" ADD CONSTRAINT "voice_campaign_answers_campaign_id_voice_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."voice_campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_campaign_answers" ADD CONSTRAINT "voice_campaign_answers_entered_by_staff_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_campaigns" ADD CONSTRAINT "voice_campaigns_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_survey_requests" ADD CONSTRAINT "voice_survey_requests_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_survey_responses" ADD CONSTRAINT "voice_survey_responses_request_id_voice_survey_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."voice_survey_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voice_survey_responses" ADD CONSTRAINT "voice_survey_responses_entered_by_staff_users_id_fk" FOREIGN KEY ("entered_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vol_applications" ADD CONSTRAINT "vol_applications_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vol_applications" ADD CONSTRAINT "vol_applications_assigned_place_id_places_id_fk" FOREIGN KEY ("assigned_place_id") REFERENCES "public"."places"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vol_applications" ADD CONSTRAINT "vol_applications_reviewed_by_staff_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vol_hours" ADD CONSTRAINT "vol_hours_application_id_vol_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."vol_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vol_hours" ADD CONSTRAINT "vol_hours_logged_by_staff_users_id_fk" FOREIGN KEY ("logged_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "dir_facility_history_place_idx" ON "dir_facility_history" USING btree ("place_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "guide_assignments_team_shift" ON "guide_assignments" USING btree ("plan_id","team_id","shift");--> statement-breakpoint
CREATE UNIQUE INDEX "guide_assignments_site_shift" ON "guide_assignments" USING btree ("plan_id","site_id","shift");--> statement-breakpoint
CREATE UNIQUE INDEX "guide_assists_idem" ON "guide_assists" USING btree ("idem_key");--> statement-breakpoint
CREATE INDEX "guide_assists_when" ON "guide_assists" USING btree ("occurred_at");--> statement-breakpoint
CREATE INDEX "guide_assists_site" ON "guide_assists" USING btree ("site_id");--> statement-breakpoint
CREATE UNIQUE INDEX "guide_checkins_idem" ON "guide_checkins" USING btree ("idem_key");--> statement-breakpoint
CREATE INDEX "guide_checkins_staff" ON "guide_checkins" USING btree ("staff_id");--> statement-breakpoint
CREATE UNIQUE INDEX "guide_plans_version" ON "guide_plans" USING btree ("version");--> statement-breakpoint
CREATE UNIQUE INDEX "guide_team_members_staff" ON "guide_team_members" USING btree ("staff_id");--> statement-breakpoint
CREATE UNIQUE INDEX "nav_programme_versions_uq" ON "nav_programme_versions" USING btree ("programme_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "nav_local_programmes_slug_uq" ON "nav_local_programmes" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "nav_programme_notices_uq" ON "nav_programme_notices" USING btree ("case_id","programme_key");--> statement-breakpoint
CREATE UNIQUE INDEX "nav_saved_cases_code_uq" ON "nav_saved_cases" USING btree ("code_hash");--> statement-breakpoint
CREATE INDEX "nav_saved_cases_expiry_idx" ON "nav_saved_cases" USING btree ("expires_at");--> statement-breakpoint
CREATE UNIQUE INDEX "stat_events_source_idx" ON "stat_events" USING btree ("source_key") WHERE "stat_events"."source_key" is not null;--> statement-breakpoint
CREATE INDEX "stat_rollup_kind_idx" ON "stat_rollup_monthly" USING btree ("kind","month");--> statement-breakpoint
CREATE INDEX "voice_kiosk_reports_company_idx" ON "voice_kiosk_reports" USING btree ("company_key","reported_at");--> statement-breakpoint
CREATE UNIQUE INDEX "voice_kiosk_share_links_token_idx" ON "voice_kiosk_share_links" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "voice_campaign_answers_campaign_idx" ON "voice_campaign_answers" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "voice_survey_requests_token_idx" ON "voice_survey_requests" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "voice_survey_requests_ref_idx" ON "voice_survey_requests" USING btree ("service","reference");--> statement-breakpoint
CREATE UNIQUE INDEX "voice_survey_responses_request_idx" ON "voice_survey_responses" USING btree ("request_id");--> statement-breakpoint
CREATE INDEX "voice_survey_responses_service_idx" ON "voice_survey_responses" USING btree ("service","created_at");--> statement-breakpoint
CREATE INDEX "vol_applications_status_idx" ON "vol_applications" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "vol_applications_person_idx" ON "vol_applications" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "vol_applications_cert_uq" ON "vol_applications" USING btree ("certificate_no");--> statement-breakpoint
CREATE INDEX "vol_hours_application_idx" ON "vol_hours" USING btree ("application_id","day");--> statement-breakpoint
CREATE UNIQUE INDEX "vol_hours_source_uq" ON "vol_hours" USING btree ("application_id","source_ref") WHERE source_ref is not null;
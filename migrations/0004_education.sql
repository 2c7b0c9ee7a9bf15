CREATE TABLE "edu_attendance" (
	"meeting_id" uuid NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"present" boolean NOT NULL,
	"marked_by" uuid,
	"marked_at" timestamp with time zone NOT NULL,
	CONSTRAINT "edu_attendance_meeting_id_enrolment_id_pk" PRIMARY KEY("meeting_id","enrolment_id")
);
--> statement-breakpoint
CREATE TABLE "edu_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"code" text NOT NULL,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edu_courses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"title_ko" text NOT NULL,
	"title_en" text NOT NULL,
	"who_ko" text NOT NULL,
	"who_en" text NOT NULL,
	"level" text NOT NULL,
	"format" text NOT NULL,
	"topics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"goals" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"duration_minutes" integer NOT NULL,
	"prerequisites" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"accessibility" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"languages" jsonb DEFAULT '["ko"]'::jsonb NOT NULL,
	"completion_percent" integer DEFAULT 80 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edu_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"course_id" uuid NOT NULL,
	"place_id" text,
	"bus_stop" text,
	"district_code" text,
	"capacity" integer NOT NULL,
	"taken" integer DEFAULT 0 NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "edu_sessions_seats_ck" CHECK ("edu_sessions"."taken" >= 0 and "edu_sessions"."taken" <= "edu_sessions"."capacity"),
	CONSTRAINT "edu_sessions_where_ck" CHECK ("edu_sessions"."place_id" is not null or "edu_sessions"."bus_stop" is not null)
);
--> statement-breakpoint
CREATE TABLE "edu_enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigserial NOT NULL,
	"session_id" uuid NOT NULL,
	"person_id" uuid NOT NULL,
	"status" text NOT NULL,
	"channel" text NOT NULL,
	"enrolled_by" uuid,
	"org_id" uuid,
	"idempotency_key" text,
	"created_at" timestamp with time zone NOT NULL,
	"promoted_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "edu_meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"session_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "edu_session_tutors" (
	"session_id" uuid NOT NULL,
	"tutor_id" uuid NOT NULL,
	CONSTRAINT "edu_session_tutors_session_id_tutor_id_pk" PRIMARY KEY("session_id","tutor_id")
);
--> statement-breakpoint
CREATE TABLE "edu_tutor_slots" (
	"tutor_id" uuid NOT NULL,
	"slot" timestamp with time zone NOT NULL,
	"meeting_id" uuid NOT NULL,
	CONSTRAINT "edu_tutor_slots_tutor_id_slot_pk" PRIMARY KEY("tutor_id","slot")
);
--> statement-breakpoint
ALTER TABLE "edu_attendance" ADD CONSTRAINT "edu_attendance_meeting_id_edu_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."edu_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_attendance" ADD CONSTRAINT "edu_attendance_enrolment_id_edu_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."edu_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_attendance" ADD CONSTRAINT "edu_attendance_marked_by_staff_users_id_fk" FOREIGN KEY ("marked_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_certificates" ADD CONSTRAINT "edu_certificates_enrolment_id_edu_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."edu_enrolments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_sessions" ADD CONSTRAINT "edu_sessions_course_id_edu_courses_id_fk" FOREIGN KEY ("course_id") REFERENCES "public"."edu_courses"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_sessions" ADD CONSTRAINT "edu_sessions_place_id_places_id_fk" FOREIGN KEY ("place_id") REFERENCES "public"."places"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_enrolments" ADD CONSTRAINT "edu_enrolments_session_id_edu_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."edu_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_enrolments" ADD CONSTRAINT "edu_enrolments_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_enrolments" ADD CONSTRAINT "edu_enrolments_enrolled_by_staff_users_id_fk" FOREIGN KEY ("enrolled_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_enrolments" ADD CONSTRAINT "edu_enrolments_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_meetings" ADD CONSTRAINT "edu_meetings_session_id_edu_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."edu_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_session_tutors" ADD CONSTRAINT "edu_session_tutors_session_id_edu_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."edu_sessions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_session_tutors" ADD CONSTRAINT "edu_session_tutors_tutor_id_staff_users_id_fk" FOREIGN KEY ("tutor_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_tutor_slots" ADD CONSTRAINT "edu_tutor_slots_tutor_id_staff_users_id_fk" FOREIGN KEY ("tutor_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "edu_tutor_slots" ADD CONSTRAINT "edu_tutor_slots_meeting_id_edu_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."edu_meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "edu_certificates_enrolment_uq" ON "edu_certificates" USING btree ("enrolment_id");--> statement-breakpoint
CREATE UNIQUE INDEX "edu_certificates_code_uq" ON "edu_certificates" USING btree ("code");--> statement-breakpoint
CREATE INDEX "edu_sessions_course_idx" ON "edu_sessions" USING btree ("course_id","starts_at");--> statement-breakpoint
CREATE INDEX "edu_sessions_place_idx" ON "edu_sessions" USING btree ("place_id","starts_at");--> statement-breakpoint
CREATE UNIQUE INDEX "edu_enrolments_live_uq" ON "edu_enrolments" USING btree ("session_id","person_id") WHERE "edu_enrolments"."status" <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "edu_enrolments_idem_uq" ON "edu_enrolments" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "edu_enrolments_session_idx" ON "edu_enrolments" USING btree ("session_id","status","seq");--> statement-breakpoint
CREATE INDEX "edu_enrolments_person_idx" ON "edu_enrolments" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "edu_meetings_session_idx" ON "edu_meetings" USING btree ("session_id","starts_at");--> statement-breakpoint
CREATE INDEX "edu_meetings_start_idx" ON "edu_meetings" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "edu_session_tutors_tutor_idx" ON "edu_session_tutors" USING btree ("tutor_id");
CREATE TABLE "vol_hours_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"application_id" uuid NOT NULL,
	"code" text NOT NULL,
	"minutes" integer NOT NULL,
	"from_day" date,
	"to_day" date,
	"issued_by" uuid,
	"issued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "vol_applications" ADD COLUMN "staff_user_id" uuid;--> statement-breakpoint
ALTER TABLE "vol_hours_certificates" ADD CONSTRAINT "vol_hours_certificates_application_id_vol_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."vol_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vol_hours_certificates" ADD CONSTRAINT "vol_hours_certificates_issued_by_staff_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vol_hours_certificates_code_uq" ON "vol_hours_certificates" USING btree ("code");--> statement-breakpoint
CREATE INDEX "vol_hours_certificates_application_idx" ON "vol_hours_certificates" USING btree ("application_id");--> statement-breakpoint
ALTER TABLE "vol_applications" ADD CONSTRAINT "vol_applications_staff_user_id_staff_users_id_fk" FOREIGN KEY ("staff_user_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;
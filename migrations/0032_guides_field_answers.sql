CREATE TABLE "guide_field_answers" (
	"idem_key" text PRIMARY KEY NOT NULL,
	"staff_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "guide_field_answers" ADD CONSTRAINT "guide_field_answers_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "guide_field_answers_staff" ON "guide_field_answers" USING btree ("staff_id");
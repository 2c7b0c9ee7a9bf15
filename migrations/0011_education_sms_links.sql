CREATE TABLE "edu_sms_links" (
	"code" text PRIMARY KEY NOT NULL,
	"person_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "edu_sms_links_person_id_unique" UNIQUE("person_id")
);
--> statement-breakpoint
ALTER TABLE "edu_sms_links" ADD CONSTRAINT "edu_sms_links_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE cascade ON UPDATE no action;
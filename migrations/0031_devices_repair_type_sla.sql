CREATE TABLE "device_repair_type_slas" (
	"skill" text PRIMARY KEY NOT NULL,
	"sla_days" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "repair_type_sla_range" CHECK ("device_repair_type_slas"."sla_days" between 1 and 30)
);
--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "minutes_spent" integer;--> statement-breakpoint
ALTER TABLE "device_repair_type_slas" ADD CONSTRAINT "device_repair_type_slas_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;
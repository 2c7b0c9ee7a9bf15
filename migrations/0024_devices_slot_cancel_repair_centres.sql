CREATE TABLE "device_repair_centres" (
	"centre" text PRIMARY KEY NOT NULL,
	"manager_id" uuid,
	"sla_days" integer DEFAULT 3 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "repair_centre_sla_range" CHECK ("device_repair_centres"."sla_days" between 1 and 30)
);
--> statement-breakpoint
ALTER TABLE "device_delivery_slots" ADD COLUMN "cancelled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_delivery_slots" ADD COLUMN "cancel_reason" text;--> statement-breakpoint
ALTER TABLE "device_repair_centres" ADD CONSTRAINT "device_repair_centres_manager_id_staff_users_id_fk" FOREIGN KEY ("manager_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_repair_centres" ADD CONSTRAINT "device_repair_centres_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;
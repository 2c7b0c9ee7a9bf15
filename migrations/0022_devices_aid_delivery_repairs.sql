CREATE TABLE "device_aid_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"applicant_kind" text NOT NULL,
	"person_id" uuid,
	"district_code" text NOT NULL,
	"item_code" text,
	"price_krw" integer NOT NULL,
	"state_pct" integer,
	"state_krw" integer NOT NULL,
	"copay_krw" integer NOT NULL,
	"criteria" jsonb NOT NULL,
	"eligible" boolean NOT NULL,
	"explanation" jsonb NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"idempotency_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	CONSTRAINT "aid_amounts" CHECK ("device_aid_applications"."state_krw" >= 0 and "device_aid_applications"."copay_krw" >= 0 and "device_aid_applications"."state_krw" + "device_aid_applications"."copay_krw" = "device_aid_applications"."price_krw")
);
--> statement-breakpoint
CREATE TABLE "device_delivery_slots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"centre" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"capacity" integer NOT NULL,
	"booked" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "slot_capacity_pos" CHECK ("device_delivery_slots"."capacity" > 0),
	CONSTRAINT "slot_booked_range" CHECK ("device_delivery_slots"."booked" >= 0 and "device_delivery_slots"."booked" <= "device_delivery_slots"."capacity"),
	CONSTRAINT "slot_ends_after" CHECK ("device_delivery_slots"."ends_at" > "device_delivery_slots"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "device_document_checks" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"application_kind" text NOT NULL,
	"document" text NOT NULL,
	"result" text NOT NULL,
	"note" text,
	"checked_by" uuid,
	"checked_by_name" text NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_follow_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"allocation_id" uuid NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"texted" boolean DEFAULT false NOT NULL,
	"outcome" text,
	"done_by" uuid,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "device_repairers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"staff_id" uuid,
	"skills" jsonb NOT NULL,
	"districts" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "nearby_admin_dongs" (
	"code" text PRIMARY KEY NOT NULL,
	"name_ko" text NOT NULL,
	"name_en" text NOT NULL,
	"district_code" text NOT NULL,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"population" integer,
	"population_65" integer,
	"share_65" numeric(5, 2),
	"geometry" jsonb
);
--> statement-breakpoint
CREATE TABLE "nearby_wifi_sites" (
	"id" text PRIMARY KEY NOT NULL,
	"name_ko" text NOT NULL,
	"district_code" text,
	"address" text,
	"lat" double precision NOT NULL,
	"lon" double precision NOT NULL,
	"access_points" integer NOT NULL,
	"indoor" boolean NOT NULL,
	"install_type" text
);
--> statement-breakpoint
ALTER TABLE "device_allocations" ADD COLUMN "slot_id" uuid;--> statement-breakpoint
ALTER TABLE "device_allocations" ADD COLUMN "starter_guide_kind" text;--> statement-breakpoint
ALTER TABLE "device_allocations" ADD COLUMN "class_offer" text;--> statement-breakpoint
ALTER TABLE "device_allocations" ADD COLUMN "warranty_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "skill" text;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "district_code" text;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "opened_by_person" uuid;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "suggested_id" uuid;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "assignee_id" uuid;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "assigned_by" uuid;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "assigned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "visit_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "parts" jsonb;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "parts_cost_krw" integer;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD COLUMN "escalated_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD CONSTRAINT "device_aid_applications_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD CONSTRAINT "device_aid_applications_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_delivery_slots" ADD CONSTRAINT "device_delivery_slots_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_document_checks" ADD CONSTRAINT "device_document_checks_checked_by_staff_users_id_fk" FOREIGN KEY ("checked_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_follow_ups" ADD CONSTRAINT "device_follow_ups_allocation_id_device_allocations_id_fk" FOREIGN KEY ("allocation_id") REFERENCES "public"."device_allocations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_follow_ups" ADD CONSTRAINT "device_follow_ups_done_by_staff_users_id_fk" FOREIGN KEY ("done_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_repairers" ADD CONSTRAINT "device_repairers_staff_id_staff_users_id_fk" FOREIGN KEY ("staff_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "device_aid_applications_idem_idx" ON "device_aid_applications" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "device_aid_applications_person_idx" ON "device_aid_applications" USING btree ("person_id");--> statement-breakpoint
CREATE UNIQUE INDEX "device_delivery_slots_unique_idx" ON "device_delivery_slots" USING btree ("kind","centre","starts_at");--> statement-breakpoint
CREATE INDEX "device_document_checks_app_idx" ON "device_document_checks" USING btree ("application_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "device_follow_ups_alloc_idx" ON "device_follow_ups" USING btree ("allocation_id");--> statement-breakpoint
CREATE INDEX "nearby_admin_dongs_district_idx" ON "nearby_admin_dongs" USING btree ("district_code");--> statement-breakpoint
CREATE INDEX "nearby_wifi_sites_district_idx" ON "nearby_wifi_sites" USING btree ("district_code");--> statement-breakpoint
ALTER TABLE "device_allocations" ADD CONSTRAINT "device_allocations_slot_id_device_delivery_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."device_delivery_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD CONSTRAINT "device_repair_tickets_opened_by_person_persons_id_fk" FOREIGN KEY ("opened_by_person") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD CONSTRAINT "device_repair_tickets_suggested_id_device_repairers_id_fk" FOREIGN KEY ("suggested_id") REFERENCES "public"."device_repairers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD CONSTRAINT "device_repair_tickets_assignee_id_device_repairers_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."device_repairers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD CONSTRAINT "device_repair_tickets_assigned_by_staff_users_id_fk" FOREIGN KEY ("assigned_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_repair_tickets_device_idx" ON "device_repair_tickets" USING btree ("device_id");--> statement-breakpoint
CREATE INDEX "device_repair_tickets_open_idx" ON "device_repair_tickets" USING btree ("status","due_at");
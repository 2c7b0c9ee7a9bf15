CREATE TABLE "device_allocations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_id" uuid NOT NULL,
	"application_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"status" text DEFAULT 'reserved' NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"delivered_at" timestamp with time zone,
	"received_by" text,
	"starter_guide" boolean,
	"delivered_by" uuid
);
--> statement-breakpoint
CREATE TABLE "device_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"applicant_kind" text NOT NULL,
	"person_id" uuid,
	"org_id" uuid,
	"device_type" text NOT NULL,
	"quantity" integer DEFAULT 1 NOT NULL,
	"district_code" text NOT NULL,
	"criteria" jsonb NOT NULL,
	"last_public_device_at" date,
	"eligible" boolean NOT NULL,
	"explanation" jsonb NOT NULL,
	"score" integer NOT NULL,
	"status" text DEFAULT 'submitted' NOT NULL,
	"idempotency_key" text,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "device_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"device_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" uuid,
	"actor_name" text,
	"note" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"asset_tag" text NOT NULL,
	"pledge_id" uuid,
	"donor_id" uuid,
	"type" text NOT NULL,
	"model" text,
	"age_years" integer NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"grade" text,
	"wipe_verified" boolean DEFAULT false NOT NULL,
	"centre" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_donors" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"business_no" text,
	"contact" text,
	"person_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_pledges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"donor_id" uuid NOT NULL,
	"device_type" text NOT NULL,
	"count" integer NOT NULL,
	"age_years" integer NOT NULL,
	"condition" text NOT NULL,
	"handover" text NOT NULL,
	"pickup_address" text,
	"consent_data_destruction" boolean NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'pledged' NOT NULL,
	"idempotency_key" text,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "pledge_count_pos" CHECK ("device_pledges"."count" > 0)
);
--> statement-breakpoint
CREATE TABLE "device_receipt_counters" (
	"issuer" text NOT NULL,
	"year" integer NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "device_receipt_counters_issuer_year_pk" PRIMARY KEY("issuer","year")
);
--> statement-breakpoint
CREATE TABLE "device_receipts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"issuer" text NOT NULL,
	"year" integer NOT NULL,
	"number" integer NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"donor_id" uuid NOT NULL,
	"pledge_id" uuid,
	"kind" text NOT NULL,
	"amount_krw" integer NOT NULL,
	"computed_krw" integer NOT NULL,
	"adjust_reason" text,
	"items" jsonb NOT NULL,
	"status" text DEFAULT 'issued' NOT NULL,
	"void_reason" text,
	"issued_by" uuid,
	"issued_at" timestamp with time zone NOT NULL,
	"voided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "device_repair_tickets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"device_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"problem" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"resolution" text,
	"opened_by" uuid,
	"resolved_by" uuid,
	"opened_at" timestamp with time zone NOT NULL,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "device_wipe_certificates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"device_id" uuid NOT NULL,
	"method" text NOT NULL,
	"tool" text NOT NULL,
	"technician_id" uuid,
	"technician_name" text NOT NULL,
	"verifier_name" text NOT NULL,
	"passed" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_allocations" ADD CONSTRAINT "device_allocations_application_id_device_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."device_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_allocations" ADD CONSTRAINT "device_allocations_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_allocations" ADD CONSTRAINT "device_allocations_delivered_by_staff_users_id_fk" FOREIGN KEY ("delivered_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_applications" ADD CONSTRAINT "device_applications_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_applications" ADD CONSTRAINT "device_applications_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_applications" ADD CONSTRAINT "device_applications_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_events" ADD CONSTRAINT "device_events_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_events" ADD CONSTRAINT "device_events_actor_id_staff_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_pledge_id_device_pledges_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."device_pledges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_donor_id_device_donors_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."device_donors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_donors" ADD CONSTRAINT "device_donors_person_id_persons_id_fk" FOREIGN KEY ("person_id") REFERENCES "public"."persons"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_pledges" ADD CONSTRAINT "device_pledges_donor_id_device_donors_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."device_donors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_receipts" ADD CONSTRAINT "device_receipts_donor_id_device_donors_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."device_donors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_receipts" ADD CONSTRAINT "device_receipts_pledge_id_device_pledges_id_fk" FOREIGN KEY ("pledge_id") REFERENCES "public"."device_pledges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_receipts" ADD CONSTRAINT "device_receipts_issued_by_staff_users_id_fk" FOREIGN KEY ("issued_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD CONSTRAINT "device_repair_tickets_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD CONSTRAINT "device_repair_tickets_opened_by_staff_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_repair_tickets" ADD CONSTRAINT "device_repair_tickets_resolved_by_staff_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_wipe_certificates" ADD CONSTRAINT "device_wipe_certificates_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_wipe_certificates" ADD CONSTRAINT "device_wipe_certificates_technician_id_staff_users_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "device_allocations_active_idx" ON "device_allocations" USING btree ("device_id") WHERE "device_allocations"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "device_allocations_app_idx" ON "device_allocations" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "device_applications_idem_idx" ON "device_applications" USING btree ("idempotency_key");--> statement-breakpoint
CREATE INDEX "device_applications_status_idx" ON "device_applications" USING btree ("status","score");--> statement-breakpoint
CREATE INDEX "device_applications_person_idx" ON "device_applications" USING btree ("person_id");--> statement-breakpoint
CREATE INDEX "device_events_device_idx" ON "device_events" USING btree ("device_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "devices_asset_tag_idx" ON "devices" USING btree ("asset_tag");--> statement-breakpoint
CREATE INDEX "devices_status_idx" ON "devices" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "device_pledges_idem_idx" ON "device_pledges" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "device_receipts_number_idx" ON "device_receipts" USING btree ("issuer","year","number","revision");
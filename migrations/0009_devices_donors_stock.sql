CREATE TABLE "device_money_donations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"donor_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount" integer NOT NULL,
	"value_krw" integer NOT NULL,
	"received_on" date NOT NULL,
	"reference" text NOT NULL,
	"channel" text NOT NULL,
	"receipt_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "money_amount_pos" CHECK ("device_money_donations"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "device_refurbishments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"device_id" uuid NOT NULL,
	"checklist" jsonb NOT NULL,
	"parts" jsonb NOT NULL,
	"parts_cost_krw" integer NOT NULL,
	"grade" text NOT NULL,
	"specs" jsonb NOT NULL,
	"by_id" uuid,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "device_valuations" (
	"type" text NOT NULL,
	"max_age_years" integer NOT NULL,
	"grade" text NOT NULL,
	"value_krw" integer NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "device_valuations_type_max_age_years_grade_pk" PRIMARY KEY("type","max_age_years","grade"),
	CONSTRAINT "valuation_value_nonneg" CHECK ("device_valuations"."value_krw" >= 0)
);
--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "serial" text;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "specs" jsonb;--> statement-breakpoint
ALTER TABLE "device_donors" ADD COLUMN "org_id" uuid;--> statement-breakpoint
ALTER TABLE "device_wipe_certificates" ADD COLUMN "storage" jsonb;--> statement-breakpoint
ALTER TABLE "device_money_donations" ADD CONSTRAINT "device_money_donations_donor_id_device_donors_id_fk" FOREIGN KEY ("donor_id") REFERENCES "public"."device_donors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_money_donations" ADD CONSTRAINT "device_money_donations_receipt_id_device_receipts_id_fk" FOREIGN KEY ("receipt_id") REFERENCES "public"."device_receipts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_money_donations" ADD CONSTRAINT "device_money_donations_created_by_staff_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_refurbishments" ADD CONSTRAINT "device_refurbishments_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_refurbishments" ADD CONSTRAINT "device_refurbishments_by_id_staff_users_id_fk" FOREIGN KEY ("by_id") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_valuations" ADD CONSTRAINT "device_valuations_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "device_money_donations_ref_idx" ON "device_money_donations" USING btree ("kind","reference");--> statement-breakpoint
CREATE INDEX "device_money_donations_donor_idx" ON "device_money_donations" USING btree ("donor_id");--> statement-breakpoint
CREATE INDEX "device_refurbishments_device_idx" ON "device_refurbishments" USING btree ("device_id");--> statement-breakpoint
ALTER TABLE "device_donors" ADD CONSTRAINT "device_donors_org_id_organisations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "devices_serial_idx" ON "devices" USING btree ("serial");
ALTER TABLE "device_aid_applications" ADD COLUMN "supply_status" text;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "supplier" text;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "ordered_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "serial_no" text;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "supplied_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "handed_over_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "received_by" text;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "copay_paid_krw" integer;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "copay_method" text;
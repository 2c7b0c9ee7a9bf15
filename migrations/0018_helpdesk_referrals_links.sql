ALTER TABLE "help_agent_skills" ADD COLUMN "lead" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "help_tickets" ADD COLUMN "referral_channel" text;--> statement-breakpoint
ALTER TABLE "help_tickets" ADD COLUMN "referral_consent_method" text;--> statement-breakpoint
ALTER TABLE "help_tickets" ADD COLUMN "contact_name_enc" text;--> statement-breakpoint
ALTER TABLE "help_tickets" ADD COLUMN "contact_phone_enc" text;--> statement-breakpoint
ALTER TABLE "help_tickets" ADD COLUMN "device_id" uuid;--> statement-breakpoint
ALTER TABLE "help_tickets" ADD COLUMN "repair_ticket_id" uuid;--> statement-breakpoint
ALTER TABLE "help_tickets" ADD COLUMN "enrolment_id" uuid;
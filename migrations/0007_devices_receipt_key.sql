ALTER TABLE "device_receipts" ADD COLUMN "idempotency_key" text;--> statement-breakpoint
CREATE UNIQUE INDEX "device_receipts_idem_idx" ON "device_receipts" USING btree ("idempotency_key");
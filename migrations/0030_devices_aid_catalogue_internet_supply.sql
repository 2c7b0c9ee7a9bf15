CREATE TABLE "device_aid_catalogue" (
	"code" text PRIMARY KEY NOT NULL,
	"position" bigserial NOT NULL,
	"category" text NOT NULL,
	"label_ko" text NOT NULL,
	"label_en" text NOT NULL,
	"price_krw" integer NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "aid_catalogue_price_pos" CHECK ("device_aid_catalogue"."price_krw" > 0)
);
--> statement-breakpoint
CREATE TABLE "device_aid_catalogue_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"item_code" text NOT NULL,
	"action" text NOT NULL,
	"old_price_krw" integer,
	"new_price_krw" integer,
	"reason" text,
	"changed_by" uuid,
	"changed_by_name" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "provider" text;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "covered_krw" integer;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "start_month" text;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "end_month" text;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "arranged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_aid_applications" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "device_aid_catalogue_changes" ADD CONSTRAINT "device_aid_catalogue_changes_item_code_device_aid_catalogue_code_fk" FOREIGN KEY ("item_code") REFERENCES "public"."device_aid_catalogue"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "device_aid_catalogue_changes" ADD CONSTRAINT "device_aid_catalogue_changes_changed_by_staff_users_id_fk" FOREIGN KEY ("changed_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "device_aid_catalogue_changes_item_idx" ON "device_aid_catalogue_changes" USING btree ("item_code","id");--> statement-breakpoint
INSERT INTO "device_aid_catalogue" ("code", "category", "label_ko", "label_en", "price_krw", "created_at", "updated_at") VALUES
	('screen_reader_sw', 'screen_reader', '화면 낭독 프로그램', 'Screen reader software', 1000000, now(), now()),
	('screen_reader_phone', 'screen_reader', '휴대폰용 화면 낭독기', 'Screen reader for phones', 450000, now(), now()),
	('magnifier_desktop', 'magnifier', '탁상형 확대 독서기', 'Desktop video magnifier', 2800000, now(), now()),
	('magnifier_portable', 'magnifier', '휴대용 확대기', 'Portable magnifier', 900000, now(), now()),
	('braille_terminal', 'braille', '점자정보단말기', 'Braille notetaker (terminal)', 5800000, now(), now()),
	('braille_display', 'braille', '점자 디스플레이', 'Braille display', 3500000, now(), now()),
	('big_key_keyboard', 'input', '큰 글자 키보드', 'Large-key keyboard', 80000, now(), now()),
	('special_mouse', 'input', '특수 마우스(트랙볼)', 'Special mouse (trackball)', 150000, now(), now()),
	('sign_video_phone', 'hearing', '수어 영상 전화기', 'Sign-language video phone', 600000, now(), now());

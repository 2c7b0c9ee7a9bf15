CREATE TABLE "help_canned_replies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"category" text,
	"title_ko" text NOT NULL,
	"title_en" text NOT NULL,
	"text_ko" text NOT NULL,
	"text_en" text NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "help_canned_replies" ADD CONSTRAINT "help_canned_replies_updated_by_staff_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."staff_users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "help_canned_replies_active_idx" ON "help_canned_replies" USING btree ("active");--> statement-breakpoint
INSERT INTO "help_canned_replies" ("id", "category", "title_ko", "title_en", "text_ko", "text_en") VALUES
('6a1c0000-0000-4000-8000-000000000001', 'phone_basics', '글자 크기', 'Text size', '설정 → 디스플레이 → 글자 크기에서 막대를 오른쪽으로 밀면 글자가 커집니다. 도움말: /help/articles/text-size', 'Settings → Display → Font size: slide the bar to the right to make text bigger. Article: /help/articles/text-size'),
('6a1c0000-0000-4000-8000-000000000002', 'scam', '사기 문자', 'Scam text', '모르는 번호에서 온 문자의 인터넷 주소는 누르지 마세요. 의심되면 118(한국인터넷진흥원)로 전화하세요.', 'Do not tap links in texts from unknown numbers. If in doubt, call 118 (KISA).'),
('6a1c0000-0000-4000-8000-000000000003', NULL, '전화로 설명', 'Call back', '설명드리기 어려워 전화를 드리겠습니다. 편한 시간을 알려 주세요.', 'This is easier to explain on the phone. Please tell us a good time to call.')
ON CONFLICT DO NOTHING;

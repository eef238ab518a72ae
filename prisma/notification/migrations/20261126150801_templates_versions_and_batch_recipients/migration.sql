-- Templates become one row per key with immutable versions in template_versions; batches get
-- several channels, pinned variables, progress and a per-recipient table. Existing per-row
-- templates (key, channel, locale, version) are folded into one template per key first.

-- CreateEnum
CREATE TYPE "BatchRecipientStatus" AS ENUM ('PENDING', 'QUEUED', 'REJECTED', 'CANCELLED');

-- CreateTable
CREATE TABLE "template_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "template_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "variables" JSONB NOT NULL DEFAULT '[]',
    "content" JSONB NOT NULL,
    "restored_from" INTEGER,
    "published_by_id" UUID,
    "published_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "template_versions_pkey" PRIMARY KEY ("id")
);

-- AlterTable: new columns first, so the old rows can be folded into them
ALTER TABLE "templates" ADD COLUMN     "active_version" INTEGER,
ADD COLUMN     "default_channels" "NotificationChannel"[] DEFAULT ARRAY[]::"NotificationChannel"[],
ADD COLUMN     "default_locale" VARCHAR(35) NOT NULL DEFAULT 'en',
ADD COLUMN     "draft" JSONB;

-- Fold: the oldest row of each key stays as the template
CREATE TEMPORARY TABLE "template_keep" AS
SELECT "key", (array_agg("id" ORDER BY "created_at", "id"))[1] AS "keep_id"
FROM "templates" GROUP BY "key";

INSERT INTO "template_versions" ("template_id", "version", "variables", "content", "published_at")
SELECT k."keep_id", per_locale."version",
       (SELECT COALESCE(jsonb_agg(jsonb_build_object('name', e.key) || e.value), '[]'::jsonb)
          FROM jsonb_each(MIN(per_locale."variables"::text)::jsonb) AS e),
       jsonb_object_agg(per_locale."locale", per_locale."channels"),
       MIN(per_locale."created_at")
FROM (
    SELECT t."key", t."version", t."locale", MIN(t."variables"::text) AS "variables", MIN(t."created_at") AS "created_at",
           jsonb_object_agg(t."channel", jsonb_strip_nulls(CASE
               WHEN t."channel" = 'EMAIL' THEN jsonb_build_object('subject', t."subject", 'text', t."body", 'html', t."html_body")
               WHEN t."channel" = 'SMS' THEN jsonb_build_object('text', t."body")
               WHEN t."channel" IN ('PUSH', 'IN_APP') THEN jsonb_build_object('title', t."subject", 'body', t."body")
               ELSE jsonb_build_object('payload', jsonb_build_object('text', t."body"))
           END)) AS "channels"
    FROM "templates" t
    GROUP BY t."key", t."version", t."locale"
) per_locale
JOIN "template_keep" k ON k."key" = per_locale."key"
GROUP BY k."keep_id", per_locale."version";

UPDATE "templates" t SET
    "active_version" = (SELECT MAX(o."version") FROM "templates" o WHERE o."key" = t."key" AND o."is_active"),
    "default_locale" = COALESCE((SELECT MIN(o."locale") FROM "templates" o WHERE o."key" = t."key" AND o."locale" = 'en'),
                                (SELECT MIN(o."locale") FROM "templates" o WHERE o."key" = t."key"))
FROM "template_keep" k WHERE k."keep_id" = t."id";

UPDATE "notifications" n SET "template_id" = k."keep_id"
FROM "templates" t JOIN "template_keep" k ON k."key" = t."key"
WHERE n."template_id" = t."id" AND t."id" <> k."keep_id";

UPDATE "notification_batches" b SET "template_id" = k."keep_id"
FROM "templates" t JOIN "template_keep" k ON k."key" = t."key"
WHERE b."template_id" = t."id" AND t."id" <> k."keep_id";

DELETE FROM "templates" t USING "template_keep" k WHERE k."key" = t."key" AND t."id" <> k."keep_id";

DROP TABLE "template_keep";

-- DropIndex
DROP INDEX "templates_key_channel_is_active_idx";

-- DropIndex
DROP INDEX "templates_key_channel_locale_version_key";

-- AlterTable
ALTER TABLE "templates" DROP COLUMN "body",
DROP COLUMN "channel",
DROP COLUMN "html_body",
DROP COLUMN "is_active",
DROP COLUMN "locale",
DROP COLUMN "subject",
DROP COLUMN "variables",
DROP COLUMN "version";

-- AlterTable
ALTER TABLE "notification_batches" DROP COLUMN "channel",
DROP COLUMN "failed_count",
DROP COLUMN "sent_count",
ADD COLUMN     "cancelled_at" TIMESTAMPTZ(3),
ADD COLUMN     "channels" "NotificationChannel"[] DEFAULT ARRAY[]::"NotificationChannel"[],
ADD COLUMN     "locale" VARCHAR(35),
ADD COLUMN     "processed_count" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "report" JSONB,
ADD COLUMN     "template_version" INTEGER,
ADD COLUMN     "variables" JSONB NOT NULL DEFAULT '{}',
ALTER COLUMN "priority" SET DEFAULT 'LOW';

-- CreateTable
CREATE TABLE "notification_batch_recipients" (
    "batch_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "status" "BatchRecipientStatus" NOT NULL DEFAULT 'PENDING',
    "error_code" VARCHAR(64),
    "error" TEXT,
    "processed_at" TIMESTAMPTZ(3),

    CONSTRAINT "notification_batch_recipients_pkey" PRIMARY KEY ("batch_id","user_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "template_versions_template_id_version_key" ON "template_versions"("template_id", "version");

-- CreateIndex
CREATE INDEX "notification_batch_recipients_batch_id_status_idx" ON "notification_batch_recipients"("batch_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "templates_key_key" ON "templates"("key");

-- AddForeignKey
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "templates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_batch_recipients" ADD CONSTRAINT "notification_batch_recipients_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "notification_batches"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "archived_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "user_preferences" DROP COLUMN "quiet_hours_end",
DROP COLUMN "quiet_hours_start",
DROP COLUMN "timezone";

-- CreateTable
CREATE TABLE "user_delivery_settings" (
    "user_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "locale" VARCHAR(35),
    "timezone" VARCHAR(64),
    "quiet_hours_start" VARCHAR(5),
    "quiet_hours_end" VARCHAR(5),
    "source_occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "user_delivery_settings_pkey" PRIMARY KEY ("user_id")
);

-- DropIndex
DROP INDEX "notifications_idempotency_key_key";

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "caller_id" VARCHAR(100),
ALTER COLUMN "user_id" DROP NOT NULL;

-- CreateIndex
CREATE UNIQUE INDEX "notifications_caller_id_idempotency_key_channel_key" ON "notifications"("caller_id", "idempotency_key", "channel");

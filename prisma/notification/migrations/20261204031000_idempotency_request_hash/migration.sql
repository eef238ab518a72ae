-- The request an idempotency key was first used with, so a reuse with another request is refused
-- (409 IDEMPOTENCY_KEY_REUSED). Rows from before stay null and keep being replayed.

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "request_hash" CHAR(64);

-- AlterTable
ALTER TABLE "notification_batches" ADD COLUMN     "request_hash" CHAR(64);

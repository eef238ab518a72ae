-- Owners of webhook endpoints, batches and sent notifications: the user a caller acts for (the
-- user, or the owner of the API key). Backfill from what the rows already record:
--   webhook endpoints: created_by_id (it held the user, or the API key's owner, at creation);
--   batches: created_by_id (set for user callers; batches created with an API key recorded only
--     the key id, whose owner lives in the user service, so they stay without owner);
--   notifications: caller_id "user:<id>" (API-key and internal sends stay without owner).
-- Rows left without owner are reachable only with notifications:admin.

-- AlterTable
ALTER TABLE "notification_batches" ADD COLUMN     "owner_id" UUID;

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "owner_id" UUID;

-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "owner_id" UUID;

UPDATE "webhook_endpoints" SET "owner_id" = "created_by_id" WHERE "owner_id" IS NULL;

UPDATE "notification_batches" SET "owner_id" = "created_by_id" WHERE "owner_id" IS NULL;

UPDATE "notifications"
   SET "owner_id" = substring("caller_id" FROM 6)::uuid
 WHERE "owner_id" IS NULL
   AND "caller_id" ~ '^user:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

-- CreateIndex
CREATE INDEX "notification_batches_owner_id_created_at_idx" ON "notification_batches"("owner_id", "created_at");

-- CreateIndex
CREATE INDEX "webhook_endpoints_owner_id_created_at_idx" ON "webhook_endpoints"("owner_id", "created_at");

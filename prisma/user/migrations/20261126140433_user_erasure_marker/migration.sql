-- AlterTable
-- Set when an account is erased on a data-protection request (status DEACTIVATED, deleted_at set).
ALTER TABLE "users" ADD COLUMN     "erased_at" TIMESTAMPTZ(3);

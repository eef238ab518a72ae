-- AlterEnum
-- Erased accounts: personal data removed, the row kept for the audit trail.
ALTER TYPE "UserStatus" ADD VALUE 'DELETED';

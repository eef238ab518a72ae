-- System templates: the ones the services send secrets or security alerts with. Only holders of
-- templates:manage-system may change them, nobody may delete them.

-- AlterTable
ALTER TABLE "templates" ADD COLUMN     "system" BOOLEAN NOT NULL DEFAULT false;

-- Flag the built-in ones (present when the seed has run) and bring back any that was deleted.
UPDATE "templates" SET "system" = true, "deleted_at" = NULL
WHERE "key" IN (
    'auth.password-reset',
    'auth.two-factor-code',
    'auth.email-verification',
    'security.new-device-sign-in',
    'security.password-changed',
    'security.refresh-token-reused',
    'security.sign-in-blocked',
    'security.account-locked',
    'security.two-factor-changed',
    'security.social-account-changed',
    'security.email-changed',
    'security.email-in-use',
    'security.second-factor-failures',
    'security.registration-attempted',
    'security.social-sign-in-attempted'
);

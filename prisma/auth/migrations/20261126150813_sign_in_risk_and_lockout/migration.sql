-- AlterTable
ALTER TABLE "login_attempts" ADD COLUMN     "country" VARCHAR(2),
ADD COLUMN     "latitude" DOUBLE PRECISION,
ADD COLUMN     "longitude" DOUBLE PRECISION,
ADD COLUMN     "risk_reasons" VARCHAR(32)[] DEFAULT ARRAY[]::VARCHAR(32)[],
ADD COLUMN     "risk_score" INTEGER;

-- CreateTable
CREATE TABLE "sign_in_lockouts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "identifier" VARCHAR(320) NOT NULL,
    "user_id" UUID,
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "lockouts" INTEGER NOT NULL DEFAULT 0,
    "locked_until" TIMESTAMPTZ(3),
    "locked_indefinitely_at" TIMESTAMPTZ(3),
    "last_failure_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sign_in_lockouts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sign_in_lockouts_user_id_idx" ON "sign_in_lockouts"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "sign_in_lockouts_identifier_key" ON "sign_in_lockouts"("identifier");

-- AlterTable
ALTER TABLE "devices" ADD COLUMN     "trust_token_hash" VARCHAR(64);

-- CreateIndex
CREATE UNIQUE INDEX "devices_trust_token_hash_key" ON "devices"("trust_token_hash");

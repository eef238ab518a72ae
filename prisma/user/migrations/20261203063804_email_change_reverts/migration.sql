-- CreateTable
CREATE TABLE "email_change_reverts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "user_id" UUID NOT NULL,
    "previous_email" VARCHAR(320) NOT NULL,
    "token_hash" VARCHAR(128) NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_change_reverts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "email_change_reverts_user_id_created_at_idx" ON "email_change_reverts"("user_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "email_change_reverts_token_hash_key" ON "email_change_reverts"("token_hash");

-- AddForeignKey
ALTER TABLE "email_change_reverts" ADD CONSTRAINT "email_change_reverts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

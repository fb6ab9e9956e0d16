-- CreateTable
CREATE TABLE "sandbox_operations" (
    "id" BIGSERIAL NOT NULL,
    "idempotencyKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "request" JSONB NOT NULL DEFAULT '{}',
    "result" JSONB NOT NULL DEFAULT '{}',
    "reference" TEXT NOT NULL,
    "targetReference" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sandbox_operations_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "price_points" ADD COLUMN     "checkKey" TEXT;

-- AlterTable
ALTER TABLE "price_watches" ADD COLUMN     "webhookSecret" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_operations_idempotencyKey_key" ON "sandbox_operations"("idempotencyKey");

-- CreateIndex
CREATE INDEX "sandbox_operations_kind_createdAt_idx" ON "sandbox_operations"("kind", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "sandbox_operations_kind_targetReference_key" ON "sandbox_operations"("kind", "targetReference");

-- CreateIndex
CREATE UNIQUE INDEX "price_points_watchId_checkKey_key" ON "price_points"("watchId", "checkKey");

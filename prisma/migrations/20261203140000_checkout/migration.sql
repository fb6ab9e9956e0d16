-- Checkout: saved travelers (encrypted passenger details) and who flies / how they paid on a booking.

-- CreateTable
CREATE TABLE "travelers" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "ciphertext" TEXT NOT NULL,
    "iv" TEXT NOT NULL,
    "authTag" TEXT NOT NULL,
    "keyVersion" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "travelers_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "travelers_userId_createdAt_idx" ON "travelers"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "travelers" ADD CONSTRAINT "travelers_userId_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "bookings" ADD COLUMN "travelerIds" UUID[] DEFAULT ARRAY[]::UUID[],
ADD COLUMN "paymentMethod" JSONB;

-- Shared expenses of people travelling together (api/routes/expenses.ts). Confirmed bookings count as
-- expenses without a row; a row with "bookingId" records one booking with its own split.

-- CreateEnum
CREATE TYPE "expense_category" AS ENUM ('flights', 'stay', 'food', 'transport', 'activities', 'other');

-- CreateTable
CREATE TABLE "trip_expenses" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tripId" UUID NOT NULL,
    "amount" DECIMAL(12,2) NOT NULL,
    "currency" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "category" "expense_category" NOT NULL,
    "paidByUserId" UUID NOT NULL,
    "sharedByUserIds" UUID[],
    "spentOn" DATE NOT NULL,
    "bookingId" UUID,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trip_expenses_pkey" PRIMARY KEY ("id"),
    -- What the API validates, kept by the database too: a positive amount, an ISO 4217 code, someone sharing it.
    CONSTRAINT "trip_expenses_amount_positive" CHECK ("amount" > 0),
    CONSTRAINT "trip_expenses_currency_iso" CHECK ("currency" ~ '^[A-Z]{3}$'),
    CONSTRAINT "trip_expenses_shared_by_someone" CHECK (cardinality("sharedByUserIds") > 0)
);

-- CreateIndex
CREATE UNIQUE INDEX "trip_expenses_bookingId_key" ON "trip_expenses"("bookingId");

-- CreateIndex
CREATE INDEX "trip_expenses_tripId_spentOn_idx" ON "trip_expenses"("tripId", "spentOn");

-- AddForeignKey
ALTER TABLE "trip_expenses" ADD CONSTRAINT "trip_expenses_tripId_fkey" FOREIGN KEY ("tripId") REFERENCES "trips"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trip_expenses" ADD CONSTRAINT "trip_expenses_paidByUserId_fkey" FOREIGN KEY ("paidByUserId") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trip_expenses" ADD CONSTRAINT "trip_expenses_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trip_expenses" ADD CONSTRAINT "trip_expenses_bookingId_fkey" FOREIGN KEY ("bookingId") REFERENCES "bookings"("id") ON DELETE SET NULL ON UPDATE CASCADE;

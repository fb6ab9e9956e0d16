-- AlterTable
ALTER TABLE "trip_events" ADD COLUMN     "key" TEXT;

-- AlterTable
ALTER TABLE "trips" ADD COLUMN     "plan" JSONB;

-- CreateIndex
CREATE UNIQUE INDEX "trip_events_tripId_key_key" ON "trip_events"("tripId", "key");

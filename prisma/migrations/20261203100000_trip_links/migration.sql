-- CreateEnum
CREATE TYPE "TripLinkKind" AS ENUM ('calendar', 'share');

-- CreateTable
CREATE TABLE "trip_links" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "tripId" UUID NOT NULL,
    "kind" "TripLinkKind" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trip_links_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "trip_links_tokenHash_key" ON "trip_links"("tokenHash");

-- CreateIndex
CREATE INDEX "trip_links_tripId_idx" ON "trip_links"("tripId");

-- AddForeignKey
ALTER TABLE "trip_links" ADD CONSTRAINT "trip_links_tripId_fkey" FOREIGN KEY ("tripId") REFERENCES "trips"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trip_links" ADD CONSTRAINT "trip_links_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

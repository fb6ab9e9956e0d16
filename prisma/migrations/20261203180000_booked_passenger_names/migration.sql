-- The names a confirmed booking was made for (given and family name and passenger type per traveler, no
-- birth dates or contact details), so the booking still shows who travels after a traveler is deleted.

-- AlterTable
ALTER TABLE "bookings" ADD COLUMN "bookedPassengers" JSONB;

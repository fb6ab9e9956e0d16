-- AlterTable
ALTER TABLE "price_points" ALTER COLUMN "price" DROP NOT NULL,
ADD COLUMN     "flight" JSONB;

-- AlterTable
ALTER TABLE "price_watches" ADD COLUMN     "match" JSONB NOT NULL DEFAULT '{"mode": "any", "criteria": {}}';

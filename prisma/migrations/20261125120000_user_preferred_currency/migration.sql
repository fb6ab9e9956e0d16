-- AlterTable
ALTER TABLE "users" ADD COLUMN     "preferredCurrency" TEXT;

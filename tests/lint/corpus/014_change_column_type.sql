-- expect: changing-column-type
ALTER TABLE "products" ALTER COLUMN "price" SET DATA TYPE numeric(12, 2);

-- TCC creates an order in two steps: Try inserts it PENDING, Confirm makes it CONFIRMED and
-- Cancel makes it CANCELLED.
ALTER TABLE orders DROP CONSTRAINT orders_status;
ALTER TABLE orders ADD CONSTRAINT orders_status
  CHECK (status IN ('CREATED', 'CANCELLED', 'PENDING', 'CONFIRMED'));

-- A 2-phase-message purchase places its order unpaid: status UNPAID (paying is the next business
-- step, not part of that purchase). Every other mode's order is paid once CREATED or CONFIRMED,
-- which is what the consistency audit (GET /shop/audit) pairs with the payments.
ALTER TABLE orders DROP CONSTRAINT orders_status;
ALTER TABLE orders ADD CONSTRAINT orders_status
  CHECK (status IN ('CREATED', 'CANCELLED', 'PENDING', 'CONFIRMED', 'UNPAID'));

-- initial_quantity: the units this product was stocked with. The consistency audit
-- (GET /shop/audit) checks initial_quantity = quantity + units of the orders that took stock.
-- Rows that exist already get it back from the deduction log: every DEDUCT took units, every
-- REFUND gave them back (RESERVE/RELEASE only move units in and out of `locked`).
ALTER TABLE stock ADD COLUMN initial_quantity INT NOT NULL DEFAULT 0 AFTER product_id;
UPDATE stock s SET s.initial_quantity = s.quantity + COALESCE((
    SELECT SUM(CASE l.op WHEN 'DEDUCT' THEN l.quantity WHEN 'REFUND' THEN -l.quantity ELSE 0 END)
    FROM stock_deduction_log l WHERE l.product_id = s.product_id), 0);
ALTER TABLE stock ALTER COLUMN initial_quantity DROP DEFAULT;

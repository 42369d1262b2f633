-- TCC moves stock in two steps: Try reserves units (RESERVE), Confirm takes them (DEDUCT) and
-- Cancel gives the reservation up (RELEASE).
ALTER TABLE stock_deduction_log DROP CONSTRAINT stock_deduction_log_op;
ALTER TABLE stock_deduction_log ADD CONSTRAINT stock_deduction_log_op
  CHECK (op IN ('DEDUCT', 'REFUND', 'RESERVE', 'RELEASE'));

-- order_no (the gid of the purchase) compares exactly, case included: in the default collation
-- (utf8mb4, case-insensitive) a lookup of order "abc" also found the movements of order "ABC".
-- Order numbers follow the gid rule of io.dtmshop.dtm.barrier.BarrierKeys (ASCII letters, digits
-- and _ . : -, checked before every write), so ascii_bin holds them all (MySQL 8 and MariaDB).
ALTER TABLE stock_deduction_log
  MODIFY order_no VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;

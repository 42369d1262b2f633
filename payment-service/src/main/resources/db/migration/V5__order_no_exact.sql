-- order_no (the gid of the purchase) compares exactly, case included: in the default collation
-- (utf8mb4, case-insensitive) the payments of orders "abc" and "ABC" were one key of
-- uniq_payment_order_no. Order numbers follow the gid rule of io.dtmshop.dtm.barrier.BarrierKeys
-- (ASCII letters, digits and _ . : -, checked before every write), so ascii_bin holds them all
-- (MySQL 8 and MariaDB).
ALTER TABLE payment
  MODIFY order_no VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL;

-- stock_db: the catalogue and its stock. Money is integer cents.

CREATE TABLE product (
  id          BIGINT       NOT NULL AUTO_INCREMENT,
  name        VARCHAR(128) NOT NULL,
  price_cents BIGINT       NOT NULL,
  PRIMARY KEY (id),
  CONSTRAINT product_price_not_negative CHECK (price_cents >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- locked: units reserved but not yet taken (e.g. by a TCC try); not available to deductions.
-- Deductions are guarded in their UPDATE (quantity - locked >= n); the CHECK is the last line.
CREATE TABLE stock (
  product_id BIGINT NOT NULL,
  quantity   INT    NOT NULL,
  locked     INT    NOT NULL DEFAULT 0,
  PRIMARY KEY (product_id),
  CONSTRAINT stock_product FOREIGN KEY (product_id) REFERENCES product (id),
  CONSTRAINT stock_not_negative CHECK (quantity >= 0 AND locked >= 0 AND locked <= quantity)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Audit trail: one row per deduction (DEDUCT) or compensation (REFUND), with the DTM branch that
-- made it.
CREATE TABLE stock_deduction_log (
  id         BIGINT       NOT NULL AUTO_INCREMENT,
  order_no   VARCHAR(128) NOT NULL,
  branch_id  VARCHAR(128) NOT NULL,
  product_id BIGINT       NOT NULL,
  quantity   INT          NOT NULL,
  op         VARCHAR(16)  NOT NULL,
  created_at DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  KEY idx_stock_deduction_log_order_no (order_no),
  CONSTRAINT stock_deduction_log_op CHECK (op IN ('DEDUCT', 'REFUND')),
  CONSTRAINT stock_deduction_log_quantity_positive CHECK (quantity > 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The branch barrier table dtm_barrier comes from dtm-client (db/dtm-barrier/V0_1__dtm_barrier.sql).

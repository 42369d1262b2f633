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

-- Audit trail: one row per deduction (DEDUCT) or compensation (REFUND).
CREATE TABLE stock_deduction_log (
  id         BIGINT       NOT NULL AUTO_INCREMENT,
  order_no   VARCHAR(128) NOT NULL,
  product_id BIGINT       NOT NULL,
  quantity   INT          NOT NULL,
  op         VARCHAR(16)  NOT NULL,
  created_at DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  KEY idx_stock_deduction_log_order_no (order_no),
  CONSTRAINT stock_deduction_log_op CHECK (op IN ('DEDUCT', 'REFUND'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- DTM branch barrier: one row per branch call, written in the same local transaction as the
-- business rows above. Copied from dtm-client's io/dtmshop/dtm/barrier/mysql-barrier.sql.
CREATE TABLE IF NOT EXISTS dtm_barrier (
  id          BIGINT       NOT NULL AUTO_INCREMENT,
  trans_type  VARCHAR(45)  NOT NULL DEFAULT '',
  gid         VARCHAR(128) NOT NULL DEFAULT '',
  branch_id   VARCHAR(128) NOT NULL DEFAULT '',
  op          VARCHAR(45)  NOT NULL DEFAULT '',
  barrier_id  VARCHAR(45)  NOT NULL DEFAULT '',
  reason      VARCHAR(45)  NOT NULL DEFAULT '',
  create_time DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  update_time DATETIME     NOT NULL DEFAULT CURRENT_TIMESTAMP,
  PRIMARY KEY (id),
  UNIQUE KEY uniq_barrier (gid, branch_id, op, barrier_id),
  KEY idx_barrier_create_time (create_time),
  KEY idx_barrier_update_time (update_time)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

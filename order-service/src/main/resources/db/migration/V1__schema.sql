-- order_db: orders. Money is integer cents.

-- order_no is the DTM gid of the purchase that placed the order.
CREATE TABLE orders (
  id           BIGINT       NOT NULL AUTO_INCREMENT,
  order_no     VARCHAR(128) NOT NULL,
  user_id      BIGINT       NOT NULL,
  product_id   BIGINT       NOT NULL,
  quantity     INT          NOT NULL,
  amount_cents BIGINT       NOT NULL,
  status       VARCHAR(16)  NOT NULL,
  created_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at   DATETIME(6)  NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY uniq_orders_order_no (order_no),
  KEY idx_orders_user_id (user_id),
  CONSTRAINT orders_status CHECK (status IN ('CREATED', 'CANCELLED'))
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

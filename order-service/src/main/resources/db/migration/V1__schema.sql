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
  CONSTRAINT orders_status CHECK (status IN ('CREATED', 'CANCELLED')),
  CONSTRAINT orders_figures CHECK (quantity > 0 AND amount_cents >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- The branch barrier table dtm_barrier comes from dtm-client (db/dtm-barrier/V0_1__dtm_barrier.sql).

-- shop_db: one row per Idempotency-Key a buyer used for a purchase (idempotency/PurchaseKeys).
-- Keys, gids and hashes compare byte for byte (ascii_bin): "Key-1" and "key-1" are two keys, and a
-- gid differing only in case is another gid.
CREATE TABLE purchase_key (
  id              BIGINT        NOT NULL AUTO_INCREMENT,
  user_id         BIGINT        NOT NULL,
  idempotency_key VARCHAR(64)   CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  -- SHA-256 (hex) of the request as the buyer sent it: mode, user, product, quantity
  request_hash    CHAR(64)      CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  gid             VARCHAR(128)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  mode            VARCHAR(32)   NOT NULL,
  -- started (running, or its outcome was not known when it answered), succeed, failed
  status          VARCHAR(16)   NOT NULL,
  message         VARCHAR(1024) NOT NULL DEFAULT '',
  retryable       BOOLEAN       NOT NULL DEFAULT FALSE,
  -- raised each time a retry takes over a purchase that never reached DTM
  attempt         INT           NOT NULL DEFAULT 1,
  created_at      DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  updated_at      DATETIME(6)   NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
  PRIMARY KEY (id),
  UNIQUE KEY uniq_purchase_key (user_id, idempotency_key),
  KEY idx_purchase_key_created_at (created_at),
  CONSTRAINT purchase_key_status CHECK (status IN ('started', 'succeed', 'failed'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

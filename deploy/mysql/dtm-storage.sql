-- DTM's durable store (STORE_DRIVER=mysql), for DTM v1.19.0.
-- Runs once, on the first start of the mysql container, from
-- /docker-entrypoint-initdb.d/02-dtm-storage.sql, after 01-init.sql created the `dtm` database.
--
-- DTM does not create its tables itself (only its `-r` reset flag does, dropping them first).
-- The table and column names are the ones DTM's GORM models map to
-- (dtmsvr/storage/trans.go: TransGlobalStore -> trans_global, TransBranchStore ->
-- trans_branch_op, KVStore -> kv; dtmutil.ModelBase adds id, create_time, update_time);
-- sizes follow DTM's own sqls/dtmsvr.storage.mysql.sql. The unique keys are load-bearing:
-- DTM inserts with ON DUPLICATE KEY (gid must be unique; branches are upserted by
-- gid + branch_id + op), and the cron job scans by (status, next_cron_time).
-- No DROP TABLE here: this file must never wipe a store.

CREATE DATABASE IF NOT EXISTS dtm CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
USE dtm;

-- One row per global transaction (saga, tcc, xa, msg, workflow).
CREATE TABLE IF NOT EXISTS trans_global (
  id                 BIGINT        NOT NULL AUTO_INCREMENT,
  gid                VARCHAR(128)  NOT NULL,              -- global transaction id
  trans_type         VARCHAR(45)   NOT NULL,              -- saga | tcc | xa | msg | workflow
  status             VARCHAR(45)   NOT NULL,              -- prepared | submitted | aborting | succeed | failed
  query_prepared     VARCHAR(1024) NOT NULL DEFAULT '',   -- back-check URL of msg / workflow
  protocol           VARCHAR(45)   NOT NULL,              -- http | grpc | json-rpc
  create_time        DATETIME      NULL,
  update_time        DATETIME      NULL,
  finish_time        DATETIME      NULL,
  rollback_time      DATETIME      NULL,
  options            VARCHAR(1024) NULL DEFAULT '',       -- TransOptions as JSON (timeouts, retries...)
  custom_data        VARCHAR(1024) NULL DEFAULT '',
  next_cron_interval INT           NULL,                  -- seconds until the next retry
  next_cron_time     DATETIME      NULL,                  -- when the cron job picks it up again
  owner              VARCHAR(128)  NOT NULL DEFAULT '',   -- the DTM process holding it
  ext_data           TEXT          NULL,                  -- workflow extras (headers...)
  result             VARCHAR(1024) NULL DEFAULT '',
  rollback_reason    VARCHAR(1024) NULL DEFAULT '',
  PRIMARY KEY (id),
  UNIQUE KEY gid (gid),
  KEY owner (owner),
  KEY status_next_cron_time (status, next_cron_time)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- One row per branch operation (action/compensate, try/confirm/cancel, prepare/commit/rollback).
CREATE TABLE IF NOT EXISTS trans_branch_op (
  id            BIGINT        NOT NULL AUTO_INCREMENT,
  gid           VARCHAR(128)  NOT NULL,
  url           VARCHAR(1024) NOT NULL,                   -- e.g. discovery:///stock-service/<gRPC method>
  bin_data      BLOB          NULL,                       -- request body sent to the branch
  branch_id     VARCHAR(128)  NOT NULL,
  op            VARCHAR(45)   NOT NULL,                   -- action | compensate | try | confirm | cancel | ...
  status        VARCHAR(45)   NOT NULL,                   -- prepared | succeed | failed
  finish_time   DATETIME      NULL,
  rollback_time DATETIME      NULL,
  create_time   DATETIME      NULL,
  update_time   DATETIME      NULL,
  PRIMARY KEY (id),
  UNIQUE KEY gid_uniq (gid, branch_id, op)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- DTM's small key/value store (topics of msg subscriptions).
CREATE TABLE IF NOT EXISTS kv (
  id          BIGINT       NOT NULL AUTO_INCREMENT,
  cat         VARCHAR(45)  NOT NULL,
  k           VARCHAR(128) NOT NULL,
  v           TEXT         NULL,
  version     BIGINT       NULL DEFAULT 1,
  create_time DATETIME     NULL,
  update_time DATETIME     NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uniq_k (cat, k)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;

-- Branch barrier table for io.dtmshop.dtm.barrier.BranchBarrier (MySQL / MariaDB).
-- Every service database whose methods are DTM branches needs it. It is a Flyway migration
-- (version 0.1, before a service's own V1): add its folder to the service's Flyway locations,
--   quarkus.flyway.locations=db/migration,db/dtm-barrier
-- The table name is BranchBarrier.DEFAULT_TABLE_NAME.
--
-- One row per (global transaction, branch, op, barrier id). The unique key is what makes
-- "INSERT IGNORE" report 0 rows for a call that was already recorded.
--   reason: the op of the call that inserted the row ("rollback" when a message's
--           query-prepared got there before the local transaction).
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

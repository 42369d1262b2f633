-- The barrier's columns compare exactly: byte for byte, case included.
-- V0_1 left them in the database's default collation (utf8mb4, case-insensitive), so two gids that
-- differ only in case - DTM's own gids are mixed-case base57 - were one key in uniq_barrier, and the
-- second branch was skipped as "already done". io.dtmshop.dtm.barrier.BarrierKeys accepts only ASCII
-- (letters, digits, _ . : -) for gid and branch id, and DTM's words for trans_type, op and reason, so
-- ascii_bin holds every value it lets through; it exists on MySQL 8 and MariaDB alike. ascii_bin still
-- pads with spaces when comparing, but BarrierKeys refuses spaces.
-- Existing rows keep their values (they are ASCII; a row that is not makes this migration fail).
ALTER TABLE dtm_barrier
  MODIFY trans_type VARCHAR(45)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  MODIFY gid        VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  MODIFY branch_id  VARCHAR(128) CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  MODIFY op         VARCHAR(45)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  MODIFY barrier_id VARCHAR(45)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '',
  MODIFY reason     VARCHAR(45)  CHARACTER SET ascii COLLATE ascii_bin NOT NULL DEFAULT '';

-- Runs once, on the first start of the mysql container (empty data volume), as root,
-- from /docker-entrypoint-initdb.d/01-init.sql. Mirrors what scripts/stack.sh does for
-- the local MariaDB: one database per service, plus DTM's store, and the `shop` user.
--
-- Schemas of stock_db / order_db / payment_db / shop_db belong to the services (Flyway, at start).
-- DTM's tables are created by 02-dtm-storage.sql (deploy/mysql/dtm-storage.sql).

CREATE DATABASE IF NOT EXISTS stock_db   CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS order_db   CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS payment_db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
-- shop-service's idempotency keys
CREATE DATABASE IF NOT EXISTS shop_db    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS dtm        CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
-- the Go branch service of the interop tests (integration-tests/src/test/go): its ledger, and the
-- barrier table of DTM's Go client, in a database of its own (dtm_barrier.barrier)
CREATE DATABASE IF NOT EXISTS goledger_db CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE DATABASE IF NOT EXISTS dtm_barrier CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- Containers reach the server over the compose network, so '%' is the host that matters;
-- 'localhost' is for `docker compose exec mysql mariadb -ushop -pshop`.
CREATE USER IF NOT EXISTS 'shop'@'%'         IDENTIFIED BY 'shop';
CREATE USER IF NOT EXISTS 'shop'@'localhost' IDENTIFIED BY 'shop';

GRANT ALL ON stock_db.*   TO 'shop'@'%', 'shop'@'localhost';
GRANT ALL ON order_db.*   TO 'shop'@'%', 'shop'@'localhost';
GRANT ALL ON payment_db.* TO 'shop'@'%', 'shop'@'localhost';
GRANT ALL ON shop_db.*    TO 'shop'@'%', 'shop'@'localhost';
-- DTM connects as `shop` too (STORE_USER in deploy/dtm/dtm.env).
GRANT ALL ON dtm.*        TO 'shop'@'%', 'shop'@'localhost';
GRANT ALL ON goledger_db.* TO 'shop'@'%', 'shop'@'localhost';
GRANT ALL ON dtm_barrier.* TO 'shop'@'%', 'shop'@'localhost';

-- XA RECOVER lists the prepared XA branches; the services need it to finish their branches
-- after a restart. Same grant as scripts/stack.sh (MariaDB). On MySQL 8 this would be
-- GRANT XA_RECOVER_ADMIN ON *.* instead.
GRANT SUPER ON *.* TO 'shop'@'%', 'shop'@'localhost';

FLUSH PRIVILEGES;

package io.dtmshop.dtm.retention;

import io.dtmshop.dtm.barrier.BranchBarrier;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A table whose rows belong to one global transaction each and can go once it has long finished:
 * the barrier table, or a service's own log of branch calls. It needs a BIGINT primary key
 * {@code id}, a column holding the gid, and a column with the row's insert time (written by the
 * database's clock, {@code DEFAULT CURRENT_TIMESTAMP}) with an index on it.
 *
 * @param name       the table, in the service's own database, or {@code database.table}
 * @param gidColumn  the column that holds the gid (e.g. an order number that is the gid)
 * @param timeColumn the insert time, indexed
 */
public record RetentionTable(String name, String gidColumn, String timeColumn) {

    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]{0,63}";
    private static final Pattern COLUMN = Pattern.compile(IDENTIFIER);
    private static final Pattern TABLE = Pattern.compile(IDENTIFIER + "(\\." + IDENTIFIER + ")?");

    public RetentionTable {
        Objects.requireNonNull(name, "name");
        if (!TABLE.matcher(name).matches()) {
            throw new IllegalArgumentException("not a plain SQL table name (table or database.table): " + name);
        }
        for (String column : new String[] {gidColumn, timeColumn}) {
            if (column == null || !COLUMN.matcher(column).matches()) {
                throw new IllegalArgumentException("not a plain SQL column name: " + column);
            }
        }
    }

    /**
     * A barrier table: the one a service's {@link BranchBarrier}s write to, e.g.
     * {@link BranchBarrier#SERVICE_TABLE_NAME} (db/dtm-barrier, with {@code idx_barrier_create_time})
     * or Go's {@link BranchBarrier#DEFAULT_TABLE_NAME} (DTM's {@code sqls/dtmcli.barrier.mysql.sql},
     * {@code key(create_time)}).
     */
    public static RetentionTable barrier(String tableName) {
        return new RetentionTable(tableName, "gid", "create_time");
    }

    /** Whether the name says its database ({@code database.table}): then all services that use it share it. */
    public boolean qualified() {
        return name.indexOf('.') >= 0;
    }
}

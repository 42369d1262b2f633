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
 * @param name       the table, in the service's own database
 * @param gidColumn  the column that holds the gid (e.g. an order number that is the gid)
 * @param timeColumn the insert time, indexed
 */
public record RetentionTable(String name, String gidColumn, String timeColumn) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

    /** dtm-client's barrier table (db/dtm-barrier: {@code idx_barrier_create_time}). */
    public static final RetentionTable BARRIER = new RetentionTable(BranchBarrier.DEFAULT_TABLE_NAME, "gid", "create_time");

    public RetentionTable {
        for (String identifier : new String[] {name, gidColumn, timeColumn}) {
            if (identifier == null || !IDENTIFIER.matcher(identifier).matches()) {
                throw new IllegalArgumentException("not a plain SQL identifier: " + identifier);
            }
        }
        Objects.requireNonNull(name);
    }
}

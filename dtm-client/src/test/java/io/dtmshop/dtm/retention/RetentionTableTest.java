package io.dtmshop.dtm.retention;

import io.dtmshop.dtm.barrier.BranchBarrier;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetentionTableTest {

    @Test
    void theServicesBarrierTableIsInTheServicesDatabase() {
        RetentionTable table = RetentionTable.barrier(BranchBarrier.SERVICE_TABLE_NAME);
        assertEquals(new RetentionTable("dtm_barrier", "gid", "create_time"), table);
        assertFalse(table.qualified());
    }

    @Test
    void gosBarrierTableNamesItsDatabase() {
        RetentionTable table = RetentionTable.barrier(BranchBarrier.DEFAULT_TABLE_NAME);
        assertEquals("dtm_barrier.barrier", table.name());
        assertTrue(table.qualified());
    }

    @Test
    void namesThatAreNotPlainIdentifiersAreRefused() {
        for (String name : new String[] {"a.b.c", "barrier; DROP TABLE x", "`barrier`", ".barrier", ""}) {
            assertThrows(IllegalArgumentException.class, () -> RetentionTable.barrier(name), name);
        }
        assertThrows(IllegalArgumentException.class, () -> new RetentionTable("log", "db.gid", "created_at"));
        assertThrows(NullPointerException.class, () -> new RetentionTable(null, "gid", "created_at"));
    }
}

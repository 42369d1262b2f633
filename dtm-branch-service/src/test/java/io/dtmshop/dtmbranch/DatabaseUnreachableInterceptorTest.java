package io.dtmshop.dtmbranch;

import io.dtmshop.dtm.DtmFailureException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class DatabaseUnreachableInterceptorTest {

    /** What Connector/J throws for a refused or lost connection: SQLRecoverableException, SQLState 08S01. */
    private static final SQLException LINK_FAILURE = new SQLRecoverableException("Communications link failure", "08S01");

    @Test
    void aReadThatThrewForLackOfItsDatabaseIsUnavailableNamingServiceAndDatabase() {
        // as gRPC closes a call whose handler threw: UNKNOWN, the exception (here wrapped, as Hibernate does) the cause
        RuntimeException thrown = new RuntimeException("could not prepare statement", LINK_FAILURE);
        Status closed = Status.UNKNOWN.withCause(thrown).withDescription("java.lang.RuntimeException - ...");

        Status answered = DatabaseUnreachableInterceptor.toUnavailable(closed, "stock-service", "stock_db");

        assertEquals(Status.Code.UNAVAILABLE, answered.getCode());
        assertEquals("stock-service cannot reach its database stock_db (SQLRecoverableException)", answered.getDescription());
        assertSame(thrown, answered.getCause());
    }

    @Test
    void aBranchAnsweredInternalForLackOfItsDatabaseIsUnavailableSoDtmRetriesIt() {
        Status closed = Status.INTERNAL.withDescription("Pay failed (SQLException); DTM will retry")
                .withCause(new SQLException("Acquisition failed", "08001"));

        assertEquals(Status.Code.UNAVAILABLE,
                DatabaseUnreachableInterceptor.toUnavailable(closed, "payment-service", "payment_db").getCode());
    }

    @Test
    void aConnectionExceptionTypeCountsWhateverItsSqlState() {
        Status closed = Status.UNKNOWN.withCause(new SQLTransientConnectionException("no connection"));

        assertEquals(Status.Code.UNAVAILABLE,
                DatabaseUnreachableInterceptor.toUnavailable(closed, "order-service", "order_db").getCode());
    }

    @Test
    void otherErrorsAndRefusalsStayAsTheyAre() {
        Status refused = Status.ABORTED.withDescription("not enough stock")
                .withCause(new DtmFailureException("not enough stock"));
        Status duplicate = Status.UNKNOWN.withCause(new SQLException("Duplicate entry", "23000", 1062));
        Status noCause = Status.INTERNAL.withDescription("boom");

        for (Status status : new Status[] {refused, duplicate, noCause, Status.OK}) {
            assertSame(status, DatabaseUnreachableInterceptor.toUnavailable(status, "stock-service", "stock_db"));
        }
    }

    @Test
    void databaseIsThePathOfTheJdbcUrl() {
        assertEquals("stock_db", DatabaseUnreachableInterceptor.databaseOf("jdbc:mysql://127.0.0.1:3306/stock_db"));
        assertEquals("order_db", DatabaseUnreachableInterceptor.databaseOf("jdbc:mysql://mysql:3306/order_db?useSSL=false"));
        assertEquals("jdbc:mysql://mysql:3306", DatabaseUnreachableInterceptor.databaseOf("jdbc:mysql://mysql:3306"));
    }
}

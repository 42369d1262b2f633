package io.dtmshop.dtmbranch;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.grpc.runtime.Interceptors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;

/**
 * While this service cannot reach its database, every call it answers - a read, an audit, a DTM
 * branch, a baseline write - ends in gRPC UNAVAILABLE with a description that names the service
 * and the database, e.g. {@code stock-service cannot reach its database stock_db
 * (CommunicationsException)}, instead of UNKNOWN (what gRPC makes of an exception a read throws) or
 * INTERNAL (what {@code BranchCalls} answers for an unexpected one). The gateway turns a service's
 * own UNAVAILABLE into a 503 that passes the description on; DTM retries a branch that answered
 * UNAVAILABLE, as any error but ABORTED and FAILED_PRECONDITION (DTM v1.19.0,
 * {@code dtmgrpc.GrpcError2DtmError}), so the branch runs again once the database is back.
 * <p>
 * A call fails for lack of the database when an exception in the cause chain of its closing status
 * is a connection failure: an {@link SQLException} whose SQLState is of class {@code 08}
 * ("connection exception", SQL standard; MySQL Connector/J sends {@code 08S01} for a lost or
 * refused connection), or one of the JDBC exception types for it. The pool does not hand out a
 * connection that died with the database ({@code validate-on-borrow}, see this module's
 * {@code META-INF/microprofile-config.properties}), so once the database accepts connections again
 * the next call succeeds.
 * <p>
 * It rewrites the status where the call is closed, so it sees both ways a call ends: a handler that
 * throws (Quarkus' exception handler closes the call) and one that answers an error itself. That is
 * why it must be called before Quarkus' exception-handling interceptor, i.e. have a higher priority.
 */
@ApplicationScoped
@GlobalInterceptor
public class DatabaseUnreachableInterceptor implements ServerInterceptor, Prioritized {

    /** Just outside Quarkus' exception handler (Quarkus calls global interceptors of higher priority first). */
    static final int OUTSIDE_EXCEPTION_HANDLER = Interceptors.EXCEPTION_HANDLER + 1;

    private final String service;
    private final String database;

    public DatabaseUnreachableInterceptor(@ConfigProperty(name = "quarkus.application.name") String service,
                                          @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl) {
        this.service = service;
        this.database = databaseOf(jdbcUrl);
    }

    @Override
    public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                       ServerCallHandler<Q, A> next) {
        return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                super.close(toUnavailable(status, service, database), trailers);
            }
        }, headers);
    }

    @Override
    public int getPriority() {
        return OUTSIDE_EXCEPTION_HANDLER;
    }

    /**
     * {@code status} unchanged, unless its cause chain holds a connection failure: then UNAVAILABLE,
     * naming the service, the database and the failure's type (not its message, which may carry
     * host names; the service's log has the whole story), the cause kept.
     */
    static Status toUnavailable(Status status, String service, String database) {
        if (status.isOk()) {
            return status;
        }
        Throwable failure = connectionFailure(status.getCause());
        if (failure == null) {
            return status;
        }
        return Status.UNAVAILABLE
                .withDescription(service + " cannot reach its database " + database + " ("
                        + failure.getClass().getSimpleName() + ")")
                .withCause(status.getCause());
    }

    /** The first connection failure in the cause chain, or null. */
    static Throwable connectionFailure(Throwable t) {
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLRecoverableException || t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException) {
                return t;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return t;
            }
        }
        return null;
    }

    /**
     * The database of a JDBC URL such as {@code jdbc:mysql://127.0.0.1:3306/stock_db?useSSL=false}:
     * the path after the host, without parameters; the whole URL when there is none.
     */
    static String databaseOf(String jdbcUrl) {
        int hosts = jdbcUrl.indexOf("//");
        int path = hosts < 0 ? -1 : jdbcUrl.indexOf('/', hosts + 2);
        if (path < 0) {
            return jdbcUrl;
        }
        int end = jdbcUrl.indexOf('?', path);
        String database = jdbcUrl.substring(path + 1, end < 0 ? jdbcUrl.length() : end);
        return database.isEmpty() ? jdbcUrl : database;
    }
}

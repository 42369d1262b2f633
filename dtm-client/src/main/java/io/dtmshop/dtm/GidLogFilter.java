package io.dtmshop.dtm;

import io.quarkus.logging.LoggingFilter;
import org.jboss.logmanager.ExtLogRecord;

import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Puts the gid of the transaction being worked on ({@link GidContext}) into the MDC of every log
 * record as {@code gid}, which the console format prints and the JSON format carries. Switched on
 * by {@code quarkus.log.console.filter=dtm-gid}. Needed because an MDC value put by hand does not
 * last: Quarkus' OpenTelemetry replaces the MDC whenever a span starts or ends (each gRPC call).
 */
@LoggingFilter(name = "dtm-gid")
public class GidLogFilter implements Filter {

    @Override
    public boolean isLoggable(LogRecord record) {
        String gid = GidContext.current();
        if (gid != null && record instanceof ExtLogRecord ext) {
            ext.putMdc("gid", gid);
        }
        return true;
    }
}

package io.dtmshop.dtm;

import io.grpc.Context;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The gid of the global transaction the current code works for, kept in the {@link io.grpc.Context}
 * (which gRPC carries onto the worker thread of a call): the gid of a branch being served
 * ({@link BranchContext#current()}), or the one a caller set with {@link #callWith}. Log filters
 * read it to put the gid on every line - the MDC alone does not keep it, since Quarkus'
 * OpenTelemetry replaces a Vert.x context's MDC whenever a span starts or ends.
 */
public final class GidContext {

    private static final Context.Key<String> GID = Context.key("dtm-gid");

    private GidContext() {
    }

    /** The gid set by {@link #callWith}, else the served branch's, else {@code null}. */
    public static String current() {
        String gid = GID.get();
        if (gid != null) {
            return gid;
        }
        BranchContext branch = BranchContext.current();
        return branch == null || branch.gid().isEmpty() ? null : branch.gid();
    }

    /** Runs {@code work} on this thread with {@code gid} as {@link #current()}. */
    public static <T> T callWith(String gid, Supplier<T> work) {
        Objects.requireNonNull(gid, "gid");
        Context previous = Context.current().withValue(GID, gid).attach();
        try {
            return work.get();
        } finally {
            Context.current().detach(previous);
        }
    }
}

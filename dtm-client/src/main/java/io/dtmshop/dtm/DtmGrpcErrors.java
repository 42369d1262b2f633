package io.dtmshop.dtm;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;

/**
 * DTM's result convention over gRPC, both ways (Go: {@code dtmgrpc.DtmError2GrpcError} and
 * {@code dtmgrpc.GrpcError2DtmError}).
 *
 * <table>
 * <caption>mapping</caption>
 * <tr><th>Java</th><th>gRPC status</th><th>DTM does</th></tr>
 * <tr><td>normal return</td><td>OK</td><td>branch succeeded</td></tr>
 * <tr><td>{@link DtmFailureException}</td><td>ABORTED</td><td>roll back (SAGA: compensate)</td></tr>
 * <tr><td>{@link DtmOngoingException}</td><td>FAILED_PRECONDITION</td><td>call again later</td></tr>
 * <tr><td>{@link DtmNoAnswerException} (DTM did not answer this handler's own request)</td><td>the
 * transport's status, e.g. UNAVAILABLE</td><td>retry with back-off</td></tr>
 * <tr><td>anything else</td><td>that status, else UNKNOWN</td><td>retry with back-off</td></tr>
 * </table>
 */
public final class DtmGrpcErrors {

    private DtmGrpcErrors() {
    }

    /**
     * For a branch handler: the status exception to answer DTM with (Go {@code DtmError2GrpcError}).
     * The cause chain is searched like Go's {@code errors.Is}: the first {@link DtmException} or
     * gRPC status exception decides. A failure becomes ABORTED, ongoing FAILED_PRECONDITION, a status
     * exception keeps its status, anything else is UNKNOWN (which DTM retries).
     */
    public static StatusRuntimeException toStatusException(Throwable t) {
        if (t == null) {
            throw new IllegalArgumentException("no error to convert");
        }
        Throwable decisive = decisive(t);
        if (decisive instanceof StatusRuntimeException sre) {
            return sre;
        }
        if (decisive instanceof StatusException se) {
            return new StatusRuntimeException(se.getStatus(), se.getTrailers());
        }
        return new StatusRuntimeException(toStatus(t), new Metadata());
    }

    /** The status {@link #toStatusException(Throwable)} would send, with {@code t} as its cause. */
    public static Status toStatus(Throwable t) {
        Throwable decisive = decisive(t);
        if (decisive instanceof StatusRuntimeException sre) {
            return sre.getStatus();
        }
        if (decisive instanceof StatusException se) {
            return se.getStatus();
        }
        Status status;
        if (decisive instanceof DtmNoAnswerException noAnswer
                && noAnswer.getCause() instanceof StatusRuntimeException transport) {
            // DTM did not answer a request of this handler (e.g. an XA branch's RegisterBranch):
            // keep the transport's status (UNAVAILABLE, DEADLINE_EXCEEDED), which the caller retries.
            status = transport.getStatus().withDescription(noAnswer.getMessage());
        } else if (decisive instanceof DtmFailureException) {
            status = Status.ABORTED.withDescription(decisive.getMessage());
        } else if (decisive instanceof DtmOngoingException) {
            status = Status.FAILED_PRECONDITION.withDescription(decisive.getMessage());
        } else if (decisive != null) {
            // DtmDuplicatedException and plain DtmException: Go sends them as a plain error = UNKNOWN
            status = Status.UNKNOWN.withDescription(decisive.getMessage());
        } else {
            String msg = t.getMessage() == null ? t.getClass().getName() : t.getMessage();
            status = Status.UNKNOWN.withDescription(msg);
        }
        return status.withCause(t);
    }

    /**
     * For an answer from DTM or from a branch (Go {@code GrpcError2DtmError}): ABORTED becomes a
     * {@link DtmFailureException} keeping the status description verbatim (DTM's rollback reason),
     * except the pre-v1.10 form ABORTED "ONGOING" which is ongoing; FAILED_PRECONDITION becomes a
     * {@link DtmOngoingException}; UNKNOWN "DUPLICATED" becomes a {@link DtmDuplicatedException}
     * (Go leaves that one a plain error; the meaning, "not a failure", is the same). A
     * {@link DtmException} in the chain is returned as it is. Anything else is returned unchanged
     * (a checked exception wrapped in a plain {@link DtmException}).
     */
    public static RuntimeException fromGrpc(Throwable t) {
        if (t == null) {
            throw new IllegalArgumentException("no error to convert");
        }
        Throwable decisive = decisive(t);
        if (decisive instanceof DtmException de) {
            return de;
        }
        Status status = null;
        if (decisive instanceof StatusRuntimeException sre) {
            status = sre.getStatus();
        } else if (decisive instanceof StatusException se) {
            status = se.getStatus();
        }
        if (status != null) {
            String desc = status.getDescription();
            switch (status.getCode()) {
                case ABORTED:
                    if (DtmConstants.RESULT_ONGOING.equals(desc)) {
                        return new DtmOngoingException(desc);
                    }
                    return new DtmFailureException(desc, t);
                case FAILED_PRECONDITION:
                    return new DtmOngoingException(desc);
                case UNKNOWN:
                    if (desc != null && (desc.equals(DtmConstants.RESULT_DUPLICATED)
                            || desc.endsWith(" " + DtmConstants.RESULT_DUPLICATED))) {
                        return new DtmDuplicatedException(desc);
                    }
                    break;
                default:
                    break;
            }
        }
        if (t instanceof RuntimeException re) {
            return re;
        }
        return new DtmException(String.valueOf(t.getMessage()), t);
    }

    /**
     * {@link #fromGrpc} for the answer of a branch the client called itself: a DTM result as such,
     * any other gRPC error with the URL added to its description (so "UNAVAILABLE: io exception"
     * says which branch).
     */
    public static RuntimeException withBranch(RuntimeException e, String url) {
        RuntimeException mapped = fromGrpc(e);
        if (mapped instanceof StatusRuntimeException sre) {
            return sre.getStatus().augmentDescription("branch " + url).asRuntimeException(sre.getTrailers());
        }
        return mapped;
    }

    /** True when {@code t} means "roll back": a {@link DtmFailureException} or ABORTED (not "ONGOING"). */
    public static boolean isFailure(Throwable t) {
        return t != null && fromGrpc(t) instanceof DtmFailureException;
    }

    /** True when {@code t} means "not done yet": {@link DtmOngoingException} or FAILED_PRECONDITION. */
    public static boolean isOngoing(Throwable t) {
        return t != null && fromGrpc(t) instanceof DtmOngoingException;
    }

    /** The first DtmException or gRPC status exception in the cause chain, or null. */
    private static Throwable decisive(Throwable t) {
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < 32; depth++) {
            if (cur instanceof DtmException || cur instanceof StatusRuntimeException
                    || cur instanceof StatusException) {
                return cur;
            }
            if (cur.getCause() == cur) {
                break;
            }
            cur = cur.getCause();
        }
        return null;
    }
}

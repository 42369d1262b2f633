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

    /**
     * The text DTM's Go client would hold for this error as {@code err.Error()} where it came from a
     * gRPC call (a branch's answer, a request to DTM): a gRPC status the way grpc-go prints one,
     * {@code "rpc error: code = Aborted desc = not enough stock"} (also when this client turned the
     * status into a {@link DtmException}, which keeps it as its cause); any other error, its message.
     * Go's {@code TccGlobalTransaction} sends this as the rollback reason of its Abort.
     */
    public static String goErrorText(Throwable t) {
        Status status = statusOf(t);
        if (status == null) {
            return t.getMessage() == null ? t.getClass().getName() : t.getMessage();
        }
        return "rpc error: code = " + goCodeName(status.getCode()) + " desc = "
                + (status.getDescription() == null ? "" : status.getDescription());
    }

    /**
     * The text of this error once Go's {@code GrpcError2DtmError} has read it, which is what Go's
     * workflow sends as a failed workflow's rollback reason: an ABORTED status becomes
     * {@code "<description> FAILURE"}, FAILED_PRECONDITION {@code "<description> ONGOING"} (Go's
     * {@code dtmcli.ErrorMessage2Error}: the word is not repeated when the description ends with it);
     * any other error reads as in {@link #goErrorText}, or its message when it is no gRPC status.
     */
    public static String goDtmErrorText(Throwable t) {
        Status status = statusOf(t);
        if (status != null && status.getCode() == Status.Code.ABORTED
                && !DtmConstants.RESULT_ONGOING.equals(status.getDescription())) {
            return errorMessageToError(status.getDescription(), DtmConstants.RESULT_FAILURE);
        }
        if (status != null && status.getCode() == Status.Code.FAILED_PRECONDITION) {
            return errorMessageToError(status.getDescription(), DtmConstants.RESULT_ONGOING);
        }
        return goErrorText(t);
    }

    /** Go {@code dtmcli.ErrorMessage2Error(msg, err).Error()}: {@code msg} without a trailing {@code " " + word}, then {@code " " + word}. */
    static String errorMessageToError(String message, String word) {
        String m = message == null ? "" : message;
        if (m.endsWith(" " + word)) {
            m = m.substring(0, m.length() - word.length() - 1);
        }
        return m + " " + word;
    }

    /**
     * The gRPC status an error carries: its own, or - for a {@link DtmException} made from a gRPC
     * answer - that of the status exception in its cause chain; null for any other error.
     */
    private static Status statusOf(Throwable t) {
        Throwable cur = t;
        for (int depth = 0; cur != null && depth < 32; depth++) {
            if (cur instanceof StatusRuntimeException sre) {
                return sre.getStatus();
            }
            if (cur instanceof StatusException se) {
                return se.getStatus();
            }
            if (!(cur instanceof DtmException) || cur.getCause() == cur) {
                return null;
            }
            cur = cur.getCause();
        }
        return null;
    }

    /** grpc-go's name of a status code ({@code codes.Code.String()}): {@code Aborted}, {@code Canceled}, ... */
    static String goCodeName(Status.Code code) {
        if (code == Status.Code.CANCELLED) {
            return "Canceled";
        }
        StringBuilder name = new StringBuilder();
        for (String word : code.name().split("_")) {
            name.append(word.charAt(0)).append(word.substring(1).toLowerCase(java.util.Locale.ROOT));
        }
        return name.toString();
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

package io.dtmshop.dtm;

/**
 * A request to DTM that got no answer from DTM. Which of the two it is decides what the caller may
 * conclude:
 * <ul>
 * <li>{@link DtmNotSentException}: the request never left this process; DTM did not receive it.</li>
 * <li>{@link DtmOutcomeUnknownException}: it may have reached DTM, which may have acted on it.</li>
 * </ul>
 * An answer from DTM is never one of these: it is a {@link DtmFailureException} (ABORTED), a
 * {@link DtmOngoingException} (FAILED_PRECONDITION) or the gRPC status DTM sent. The cause is the
 * gRPC client's error (usually a {@link io.grpc.StatusRuntimeException}). Go's client has no such
 * distinction: it returns the gRPC error as it came.
 */
public abstract class DtmNoAnswerException extends DtmException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final String gid;

    protected DtmNoAnswerException(String message, String operation, String gid, Throwable cause) {
        super(message, cause);
        this.operation = operation;
        this.gid = gid == null ? "" : gid;
    }

    /** DTM's gRPC method: {@code Prepare}, {@code Submit}, {@code Abort}, {@code RegisterBranch}, ... */
    public String operation() {
        return operation;
    }

    /** The global transaction the request was for; empty for {@code NewGid}. */
    public String gid() {
        return gid;
    }

    static String describe(Throwable cause) {
        if (cause instanceof io.grpc.StatusRuntimeException sre) {
            String description = sre.getStatus().getDescription();
            return sre.getStatus().getCode() + (description == null ? "" : " " + description);
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getName();
    }
}

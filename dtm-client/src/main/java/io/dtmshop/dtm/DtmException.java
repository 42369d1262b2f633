package io.dtmshop.dtm;

/**
 * Base of the DTM results that are not a plain success. A {@code DtmException} that is none of
 * the subclasses carries no result: DTM treats it like any other error and retries the branch.
 *
 * <ul>
 * <li>{@link DtmFailureException}: Go {@code ErrFailure}, gRPC {@code ABORTED}: roll back.</li>
 * <li>{@link DtmOngoingException}: Go {@code ErrOngoing}, gRPC {@code FAILED_PRECONDITION}: not done,
 * DTM calls again later (no rollback).</li>
 * <li>{@link DtmDuplicatedException}: Go {@code ErrDuplicated}: the local step of a message ran after
 * its query-prepared had already decided "rolled back".</li>
 * </ul>
 */
public class DtmException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DtmException(String message) {
        super(message);
    }

    public DtmException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.dtmshop.dtm;

/**
 * Go {@code ErrDuplicated}: the local step of a 2-phase message (barrier op {@code "msg"}) found its
 * barrier row already there, i.e. the message's query-prepared ran first and recorded a rollback.
 * The local work was not done.
 *
 * <p>Go's {@code DtmError2GrpcError} has no code for it: it crosses gRPC as {@code UNKNOWN} with
 * the message {@code "DUPLICATED"} (that is what a Go branch sends), and DTM treats it as "retry".
 */
public class DtmDuplicatedException extends DtmException {

    private static final long serialVersionUID = 1L;

    public DtmDuplicatedException() {
        super(DtmConstants.RESULT_DUPLICATED);
    }

    public DtmDuplicatedException(String message) {
        super(message == null || message.isBlank() ? DtmConstants.RESULT_DUPLICATED : message);
    }
}

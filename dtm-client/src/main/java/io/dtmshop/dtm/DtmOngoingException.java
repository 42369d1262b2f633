package io.dtmshop.dtm;

/**
 * Go {@code ErrOngoing}: the branch is not done yet; DTM keeps the transaction as it is and calls
 * the branch again after the retry interval. On the wire this is gRPC {@code FAILED_PRECONDITION}.
 */
public class DtmOngoingException extends DtmException {

    private static final long serialVersionUID = 1L;

    public DtmOngoingException() {
        super(DtmConstants.RESULT_ONGOING);
    }

    public DtmOngoingException(String message) {
        super(message == null || message.isBlank() ? DtmConstants.RESULT_ONGOING : message);
    }
}

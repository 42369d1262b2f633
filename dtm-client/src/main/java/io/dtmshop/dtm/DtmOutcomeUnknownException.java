package io.dtmshop.dtm;

/**
 * A request to DTM that left this process but got no answer: the deadline passed, or the connection
 * broke during the call (e.g. DTM was killed after it stored the transaction). DTM may have acted on
 * it, so the global transaction may exist and DTM will then finish or compensate it; ask DTM later
 * (its query API), never assume that nothing happened.
 */
public class DtmOutcomeUnknownException extends DtmNoAnswerException {

    private static final long serialVersionUID = 1L;

    public DtmOutcomeUnknownException(String operation, String gid, Throwable cause) {
        this(operation, gid, cause, null);
    }

    /**
     * @param cause  the error of the request whose answer was lost
     * @param repeat what DTM answered when the request was sent again (see {@link DtmGrpcClient}), or
     *               null; it is part of the message
     */
    public DtmOutcomeUnknownException(String operation, String gid, Throwable cause, Throwable repeat) {
        super(operation + (gid == null || gid.isEmpty() ? "" : " of " + gid) + " got no answer from DTM: "
                + describe(cause) + (repeat == null ? "" : "; sent again, DTM answered " + describe(repeat)),
                operation, gid, cause);
    }
}

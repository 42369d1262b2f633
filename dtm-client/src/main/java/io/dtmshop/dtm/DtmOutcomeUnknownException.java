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
        super(operation + (gid == null || gid.isEmpty() ? "" : " of " + gid) + " got no answer from DTM: "
                + describe(cause), operation, gid, cause);
    }
}

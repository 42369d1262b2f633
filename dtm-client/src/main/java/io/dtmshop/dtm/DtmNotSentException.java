package io.dtmshop.dtm;

/**
 * A request to DTM that never left this process - no DTM instance to call, the connection refused,
 * the lookup failed, or its deadline passed while it waited for a connection - so DTM did not
 * receive it and cannot act on it.
 *
 * <p>{@link #nothingStarted()} says whether DTM may hold the global transaction from an earlier
 * request: a Submit that was not sent after a Prepare that was leaves a prepared transaction at DTM
 * all the same. Only when it is true may a caller report "nothing was started" for the gid.
 */
public class DtmNotSentException extends DtmNoAnswerException {

    private static final long serialVersionUID = 1L;

    private final boolean nothingStarted;

    /**
     * @param nothingStarted true when no earlier request for the same gid can have reached DTM either
     */
    public DtmNotSentException(String operation, String gid, boolean nothingStarted, Throwable cause) {
        super(operation + (gid == null || gid.isEmpty() ? "" : " of " + gid) + " was not sent to DTM: "
                + describe(cause), operation, gid, cause);
        this.nothingStarted = nothingStarted;
    }

    /** True when DTM holds nothing for the gid: neither this request nor an earlier one reached it. */
    public boolean nothingStarted() {
        return nothingStarted;
    }
}

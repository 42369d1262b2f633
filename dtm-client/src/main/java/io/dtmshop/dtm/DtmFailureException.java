package io.dtmshop.dtm;

import java.util.regex.Pattern;

/**
 * Go {@code ErrFailure}: the branch failed for good and the global transaction must roll back.
 * On the wire this is gRPC {@code ABORTED}.
 *
 * <p>Thrown by {@code submit()} of a SAGA with {@code waitResult(true)} when DTM rolled it back:
 * the message is DTM's, e.g. {@code "url:discovery:///stock-service/stock.v1.StockService/DeductStock
 * return failed: not enough stock FAILURE"}; {@link #reason()} gives back the business part
 * ({@code "not enough stock"}).
 *
 * <p>Beware: DTM also answers a waiting submit with ABORTED when it simply did not finish within
 * its request window (a branch answered ONGOING or an error and will be retried), and a waiting
 * submit of a 2-phase message when an action failed (DTM retries message actions forever). Then
 * the transaction is NOT rolled back; {@link #isUnfinished()} tells those cases apart.
 */
public class DtmFailureException extends DtmException {

    private static final long serialVersionUID = 1L;

    /** Prefix of DTM's message when a waiting submit returned before the transaction ended. */
    public static final String UNFINISHED_PREFIX = "wait result not return success";
    /**
     * Part of DTM's message (its spelling) when a waiting submit of a message returned the error of
     * a branch DTM keeps retrying (for a message even an ABORTED action is retried, never rolled back).
     */
    public static final String RETRIED_MARKER = "unkown result will be retried";

    private static final Pattern URL_PREFIX = Pattern.compile("^url:\\S* return failed: ");
    /** grpc-go's text of a status error ({@code status.Error}), as Go's TCC and workflow store a reason. */
    private static final Pattern GO_STATUS_PREFIX = Pattern.compile("^rpc error: code = \\w+ desc = ");
    private static final String SUFFIX = " " + DtmConstants.RESULT_FAILURE;

    public DtmFailureException(String message) {
        super(orDefault(message));
    }

    public DtmFailureException(String message, Throwable cause) {
        super(orDefault(message), cause);
    }

    private static String orDefault(String message) {
        return message == null || message.isBlank() ? DtmConstants.RESULT_FAILURE : message;
    }

    /**
     * The business reason: the message without DTM's {@code "url:<branch> return failed: "} prefix
     * and without the trailing {@code " FAILURE"} word; {@code "FAILURE"} when the branch said
     * nothing else (Go's bare {@code dtmcli.ErrFailure}, whose text is that word), never empty.
     */
    public String reason() {
        return reasonOf(getMessage());
    }

    /**
     * True when DTM's answer does not mean "rolled back": the waiting submit returned before the end
     * ({@code "wait result not return success"}) or with the error of a branch DTM retries
     * ({@code "... unkown result will be retried: ..."}). The outcome is still open and DTM keeps
     * retrying.
     */
    public boolean isUnfinished() {
        String m = getMessage();
        return m.startsWith(UNFINISHED_PREFIX) || m.contains(RETRIED_MARKER);
    }

    /**
     * The business reason in any form DTM v1.19.0 stores or answers a rollback reason in (its
     * {@code trans_global.rollback_reason}): a saga's {@code "url:<branch> return failed: <reason>
     * FAILURE"} (dtmsvr/trans_status.go), or a TCC's, XA's or workflow's branch error as grpc-go prints
     * it, {@code "rpc error: code = Aborted desc = <reason>"} (client/dtmgrpc/tcc.go keeps
     * {@code rerr.Error()}); {@code "FAILURE"} when nothing else is left, never empty.
     *
     * @param message DTM's text, may be null
     */
    public static String reasonOf(String message) {
        String m = message == null ? "" : message.strip();
        if (m.endsWith(SUFFIX)) {
            m = m.substring(0, m.length() - SUFFIX.length());
        }
        m = URL_PREFIX.matcher(m + " ").replaceFirst("").strip();
        m = GO_STATUS_PREFIX.matcher(m).replaceFirst("").strip();
        return m.isEmpty() ? DtmConstants.RESULT_FAILURE : m;
    }
}

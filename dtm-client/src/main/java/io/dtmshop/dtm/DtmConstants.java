package io.dtmshop.dtm;

/**
 * The names DTM uses on the wire: transaction types, branch operations, result words and the
 * special ids of a 2-phase message's local step (Go: {@code dtmimp/consts.go}).
 */
public final class DtmConstants {

    /** Transaction type of a SAGA. */
    public static final String TRANS_TYPE_SAGA = "saga";
    /** Transaction type of a 2-phase message. */
    public static final String TRANS_TYPE_MSG = "msg";
    /** Transaction type of a TCC. */
    public static final String TRANS_TYPE_TCC = "tcc";
    /** Transaction type of an XA transaction. */
    public static final String TRANS_TYPE_XA = "xa";
    /** Transaction type of a workflow. */
    public static final String TRANS_TYPE_WORKFLOW = "workflow";

    /** TCC phase 1. */
    public static final String OP_TRY = "try";
    /** TCC phase 2, commit. */
    public static final String OP_CONFIRM = "confirm";
    /** TCC phase 2, roll back. */
    public static final String OP_CANCEL = "cancel";
    /** SAGA forward step, message step, XA/workflow forward step. */
    public static final String OP_ACTION = "action";
    /** SAGA compensation. */
    public static final String OP_COMPENSATE = "compensate";
    /** XA phase 2, commit. */
    public static final String OP_COMMIT = "commit";
    /** XA/workflow roll back; also the barrier reason written by a message's query-prepared. */
    public static final String OP_ROLLBACK = "rollback";

    /** Branch id of a message's local step (DoAndSubmit) and of its query-prepared call. */
    public static final String MSG_DO_BRANCH0 = "00";
    /** Barrier id of a message's local step. */
    public static final String MSG_DO_BARRIER1 = "01";
    /** Op of a message's local step and of its query-prepared call. */
    public static final String MSG_DO_OP = "msg";
    /** Prefix of a message step that targets a topic instead of a URL. */
    public static final String MSG_TOPIC_PREFIX = "topic://";

    /** Barrier id of the row an XA branch writes with its work, and its phase-2 rollback after. */
    public static final String XA_BARRIER1 = "01";
    /** Key of the XA registration data naming the URL DTM calls for phase 2. */
    public static final String XA_DATA_URL = "url";

    /** Text of a failure (gRPC ABORTED): roll back. */
    public static final String RESULT_FAILURE = "FAILURE";
    /** Text of "not done yet" (gRPC FAILED_PRECONDITION): try again later. */
    public static final String RESULT_ONGOING = "ONGOING";
    /** Text of a repeated local step of a message (only the barrier produces it). */
    public static final String RESULT_DUPLICATED = "DUPLICATED";
    /** Text of success. */
    public static final String RESULT_SUCCESS = "SUCCESS";

    private DtmConstants() {
    }
}

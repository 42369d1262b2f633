package io.dtmshop.dtm.barrier;

import io.dtmshop.dtm.DtmConstants;
import io.dtmshop.dtm.DtmFailureException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a branch barrier can store exactly, and so which branches dtm-client accepts: the one place
 * that says which gids, branch ids, ops and transaction types are valid. {@link BranchBarrier}
 * refuses anything else before it writes a row; nothing is ever cut to fit.
 *
 * <ul>
 * <li><b>gid, branch id</b>: 1 to {@value #MAX_ID_LENGTH} characters of {@code A-Z a-z 0-9 _ . : -}
 *     ({@link #ID_REGEX}). 128 is the width of the barrier's {@code gid} and {@code branch_id}
 *     columns ({@code db/dtm-barrier}), the same as DTM's own SQL stores ({@code trans_global.gid},
 *     {@code trans_branch_op.branch_id}: {@code sqls/dtmsvr.storage.mysql.sql} of DTM v1.19.0). The
 *     characters cover DTM's own gids (shortuuid, base57), UUIDs and ids made of names and numbers;
 *     being ASCII, one character is one byte, the columns compare them exactly ({@code ascii_bin})
 *     and an id can go into an XA id as a literal. No space, so no two ids differ only in trailing
 *     spaces (which MySQL's PAD SPACE collations compare equal).</li>
 * <li><b>op</b>: DTM's ops ({@code try confirm cancel action compensate commit rollback},
 *     {@code client/dtmcli/dtmimp/consts.go}) and {@code msg}, the op of a message's local step and
 *     its query-prepared ({@code MsgDoOp}).</li>
 * <li><b>trans type</b>: the types DTM v1.19.0 registers ({@code saga msg tcc xa workflow},
 *     {@code dtmsvr/trans_type_*.go}).</li>
 * </ul>
 *
 * <p>In this project an order number is the gid of its purchase, so order numbers follow the gid
 * rule ({@link #requireId}).
 */
public final class BarrierKeys {

    /** Longest gid or branch id, in characters (= bytes: ASCII only). */
    public static final int MAX_ID_LENGTH = 128;
    /** A whole gid or branch id, as a regular expression (a constant, so usable in annotations). */
    public static final String ID_REGEX = "[A-Za-z0-9_.:-]{1," + MAX_ID_LENGTH + "}";

    /** DTM's transaction types, in DTM's order. */
    public static final List<String> TRANS_TYPES = List.of(DtmConstants.TRANS_TYPE_SAGA, DtmConstants.TRANS_TYPE_MSG,
            DtmConstants.TRANS_TYPE_TCC, DtmConstants.TRANS_TYPE_XA, DtmConstants.TRANS_TYPE_WORKFLOW);
    /** DTM's ops, and {@code msg}. */
    public static final List<String> OPS = List.of(DtmConstants.OP_TRY, DtmConstants.OP_CONFIRM, DtmConstants.OP_CANCEL,
            DtmConstants.OP_ACTION, DtmConstants.OP_COMPENSATE, DtmConstants.OP_COMMIT, DtmConstants.OP_ROLLBACK,
            DtmConstants.MSG_DO_OP);
    /**
     * The ops of phase 2, which finish or undo what an action (try, action, msg) did. DTM calls them
     * until they succeed: only a SAGA action's failure ends a transaction as failed
     * ({@code getBranchResult} in DTM v1.19.0 {@code dtmsvr/trans_status.go}).
     */
    public static final Set<String> PHASE2_OPS = Set.of(DtmConstants.OP_CONFIRM, DtmConstants.OP_CANCEL,
            DtmConstants.OP_COMPENSATE, DtmConstants.OP_COMMIT, DtmConstants.OP_ROLLBACK);

    private static final Pattern ID = Pattern.compile(ID_REGEX);

    private BarrierKeys() {
    }

    /** True for an op of phase 2 ({@link #PHASE2_OPS}). */
    public static boolean isPhase2(String op) {
        return PHASE2_OPS.contains(op);
    }

    /**
     * What is wrong with a gid, branch id or order number, in words that name it and leave the
     * value out (it may be long, or contain anything).
     *
     * @param name what the value is, e.g. {@code "gid"}, {@code "order_no"}
     * @return empty when the value follows the rule, e.g. {@code "gid is 129 characters long; at most
     *         128 are allowed"}
     */
    public static Optional<String> idProblem(String name, String value) {
        if (value != null && ID.matcher(value).matches()) {
            return Optional.empty();
        }
        if (value == null || value.isEmpty()) {
            return Optional.of(name + " is empty");
        }
        if (value.length() > MAX_ID_LENGTH) {
            return Optional.of(name + " is " + value.length() + " characters long; at most " + MAX_ID_LENGTH
                    + " are allowed");
        }
        int i = 0;
        while (ID.matcher(value.substring(i, i + 1)).matches()) {
            i++;
        }
        return Optional.of(name + " has " + describe(value.codePointAt(i)) + " at position " + (i + 1)
                + "; only letters A-Z and a-z, digits and _ . : - are allowed");
    }

    /**
     * {@link #idProblem} as a business failure (gRPC ABORTED): a service refuses the value before
     * it writes anything.
     *
     * @throws DtmFailureException the value does not follow the rule
     */
    public static void requireId(String name, String value) {
        Optional<String> problem = idProblem(name, value);
        if (problem.isPresent()) {
            throw new DtmFailureException(problem.get());
        }
    }

    /**
     * The first thing a barrier could not store exactly about this branch.
     *
     * @return empty when all four follow the rules
     */
    public static Optional<String> problem(String transType, String gid, String branchId, String op) {
        if (!TRANS_TYPES.contains(transType)) {
            return Optional.of("trans type is not one of DTM's (" + String.join(", ", TRANS_TYPES) + ")");
        }
        if (!OPS.contains(op)) {
            return Optional.of("op is not one of DTM's (" + String.join(", ", OPS) + ")");
        }
        return idProblem("gid", gid).or(() -> idProblem("branch id", branchId));
    }

    private static String describe(int codePoint) {
        if (codePoint == ' ') {
            return "a space";
        }
        if (codePoint > ' ' && codePoint < 0x7f) {
            return "'" + (char) codePoint + "'";
        }
        return String.format("U+%04X", codePoint);
    }
}

package io.dtmshop.dtm;

import com.google.protobuf.Message;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * A SAGA over DTM's gRPC API (Go: {@code dtmgrpc.SagaGrpc}). DTM runs the actions in order (or
 * concurrently, see {@link #enableConcurrent()}); when one answers ABORTED it runs the compensations
 * of the steps already started, in reverse order. Step i (0-based) is branch id {@code "%02d"}
 * of i+1 for both its action and its compensation.
 */
public final class SagaGrpc extends TransBase<SagaGrpc> {

    private static final Logger LOG = Logger.getLogger(SagaGrpc.class);

    private boolean concurrent;
    private final Map<Integer, int[]> orders = new LinkedHashMap<>();

    SagaGrpc(DtmGrpcClient dtm, String gid) {
        super(dtm, gid, DtmConstants.TRANS_TYPE_SAGA);
    }

    /**
     * Go {@code Add}: one step. An empty action is a step that always succeeds, an empty
     * compensation a step with nothing to undo.
     */
    public SagaGrpc add(String action, String compensate, Message payload) {
        Map<String, String> step = new LinkedHashMap<>();
        step.put(DtmConstants.OP_ACTION, action == null ? "" : action);
        step.put(DtmConstants.OP_COMPENSATE, compensate == null ? "" : compensate);
        addStep(step, payload);
        return this;
    }

    /**
     * Go {@code AddBranchOrder}: in a concurrent SAGA, step {@code branch} (0-based index) starts only
     * after the steps {@code preBranches} succeeded; each must be lower than {@code branch}.
     */
    public SagaGrpc addBranchOrder(int branch, int... preBranches) {
        int[] pre = preBranches == null ? new int[0] : preBranches.clone();
        for (int p : pre) {
            if (p < 0 || p >= branch) {
                throw new IllegalArgumentException(
                        "pre-branch " + p + " of branch " + branch + " must be in [0, " + branch + ")");
            }
        }
        orders.put(branch, pre);
        return this;
    }

    /** Go {@code EnableConcurrent}: run the steps concurrently, ordered only by {@link #addBranchOrder}. */
    public SagaGrpc enableConcurrent() {
        this.concurrent = true;
        return this;
    }

    public boolean concurrent() {
        return concurrent;
    }

    /**
     * Go {@code BuildCustomOptions}: {@code {"concurrent":true,"orders":{"<branch>":[pre,...]}}}
     * when concurrent (keys in Go's order), nothing otherwise.
     */
    void buildCustomOptions() {
        if (!concurrent) {
            return;
        }
        Map<String, List<Integer>> o = new TreeMap<>(); // Go sorts map keys as strings
        orders.forEach((k, v) -> o.put(String.valueOf(k), Arrays.stream(v).boxed().collect(Collectors.toList())));
        Map<String, Object> custom = new LinkedHashMap<>();
        custom.put("concurrent", true);
        custom.put("orders", o);
        customData = Json.write(custom);
    }

    /**
     * Go {@code Submit}: registers the SAGA and lets DTM run it. With {@code waitResult(true)} DTM
     * answers after running it: normal return = every action succeeded;
     * {@link DtmFailureException} = rolled back (see its {@code reason()}) or not finished in time
     * (its {@code isUnfinished()}).
     *
     * @throws DtmFailureException DTM refused or (waiting) rolled back / did not finish
     * @throws DtmOngoingException DTM answered FAILED_PRECONDITION
     * @throws io.grpc.StatusRuntimeException DTM unreachable or another error: the outcome is unknown
     */
    public void submit() {
        buildCustomOptions();
        LOG.infof("gid=%s saga submit: %d steps, concurrent=%s, waitResult=%s", gid(), stepCount(), concurrent,
                waitResult());
        callDtm("Submit");
    }
}

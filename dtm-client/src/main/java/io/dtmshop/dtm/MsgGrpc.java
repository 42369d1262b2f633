package io.dtmshop.dtm;

import com.google.protobuf.Message;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.dtm.barrier.BusiCall;
import io.grpc.ClientInterceptor;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * A 2-phase message over DTM's gRPC API (Go: {@code dtmgrpc.MsgGrpc}): a local transaction and a
 * list of actions that DTM calls (until they succeed) once the local transaction committed.
 * Step i (0-based) is branch id {@code "%02d"} of i+1, op {@code "action"}.
 */
public final class MsgGrpc extends TransBase<MsgGrpc> {

    private static final Logger LOG = Logger.getLogger(MsgGrpc.class);

    private long delay;

    MsgGrpc(DtmGrpcClient dtm, String gid) {
        super(dtm, gid, DtmConstants.TRANS_TYPE_MSG);
    }

    /** Go {@code Add}: one action. */
    public MsgGrpc add(String action, Message payload) {
        Map<String, String> step = new LinkedHashMap<>();
        step.put(DtmConstants.OP_ACTION, action == null ? "" : action);
        addStep(step, payload);
        return this;
    }

    /** Go {@code AddTopic}: one action per URL subscribed to the topic (subscriptions live in DTM). */
    public MsgGrpc addTopic(String topic, Message payload) {
        return add(DtmConstants.MSG_TOPIC_PREFIX + topic, payload);
    }

    /** Go {@code SetDelay}: DTM calls the actions this many seconds after submit. */
    public MsgGrpc delay(long seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("delay must not be negative: " + seconds);
        }
        this.delay = seconds;
        return this;
    }

    public long delay() {
        return delay;
    }

    /** Go {@code BuildCustomOptions}: {@code {"delay":n}} when a delay is set. */
    void buildCustomOptions() {
        if (delay > 0) {
            Map<String, Object> custom = new LinkedHashMap<>();
            custom.put("delay", delay);
            customData = Json.write(custom);
        }
    }

    /**
     * Go {@code Prepare}: registers the message as prepared. If it is never submitted, DTM calls
     * {@code queryPrepared} (branch "00", op "msg") after its timeout to decide.
     *
     * @param queryPrepared URL of the query-prepared method; null/empty keeps the one set before
     */
    public void prepare(String queryPrepared) {
        if (queryPrepared != null && !queryPrepared.isEmpty()) {
            this.queryPrepared = queryPrepared;
        }
        LOG.infof("gid=%s msg prepare, queryPrepared=%s", gid(), this.queryPrepared);
        callDtm("Prepare");
    }

    /**
     * Go {@code Submit}: DTM calls every action until it succeeds. With {@code waitResult(true)} a
     * failing action makes DTM answer ABORTED although it keeps retrying the message: the
     * {@link DtmFailureException} then says {@link DtmFailureException#isUnfinished()}.
     */
    public void submit() {
        buildCustomOptions();
        LOG.infof("gid=%s msg submit: %d steps, waitResult=%s", gid(), stepCount(), waitResult());
        callDtm("Submit");
    }

    /** Aborts a prepared message: DTM marks it failed and never calls its actions. */
    public void abort() {
        LOG.infof("gid=%s msg abort", gid());
        callDtm("Abort");
    }

    /**
     * Go {@code DoAndSubmit}: prepare, run the local transaction, then submit; exactly Go's steps.
     * <ol>
     * <li>build the special barrier ({@link BranchBarrier#forMsgLocalStep}: branch "00", op "msg")
     * and {@link #prepare(String)} (an error here is thrown, nothing else runs);</li>
     * <li>run {@code busiCall(bb)};</li>
     * <li>if it threw something that is not a failure ({@link DtmGrpcErrors#isFailure}), ask
     * {@code queryPrepared} through the client's {@link BranchInvoker} whether the local transaction
     * committed;</li>
     * <li>if busiCall or that check said failure: {@link #abort()} (its error is only logged);
     * otherwise, if the check did not fail with another error, {@link #submit()};</li>
     * <li>throw busiCall's exception if it threw one (RuntimeExceptions as they are, checked ones
     * wrapped in a {@link DtmException}); otherwise the submit's error, if any.</li>
     * </ol>
     */
    public void doAndSubmit(String queryPrepared, BarrierBusiCall busiCall) {
        BranchBarrier bb = BranchBarrier.forMsgLocalStep(gid());
        prepare(queryPrepared);
        Exception busiError = null;
        try {
            busiCall.call(bb);
        } catch (Exception e) {
            busiError = e;
        }
        RuntimeException checkError = null;
        boolean busiFailed = busiError != null && DtmGrpcErrors.isFailure(busiError);
        if (busiError != null && !busiFailed) {
            LOG.infof("gid=%s msg local transaction threw %s; asking %s", gid(), busiError, this.queryPrepared);
            try {
                BranchContext branch = new BranchContext(gid(), transType(), DtmConstants.MSG_DO_BRANCH0,
                        DtmConstants.MSG_DO_OP, dtm.dtmServer());
                dtm.branchInvoker().invoke(this.queryPrepared, new byte[0], branch, callHeaders());
            } catch (RuntimeException e) {
                checkError = DtmGrpcErrors.fromGrpc(e);
            }
        }
        RuntimeException submitError = null;
        if (busiFailed || checkError instanceof DtmFailureException) {
            LOG.infof("gid=%s msg local transaction did not commit (%s); aborting", gid(),
                    busiFailed ? busiError.getMessage() : checkError.getMessage());
            try {
                abort();
            } catch (RuntimeException e) {
                LOG.warnf("gid=%s msg abort failed (DTM will ask %s later): %s", gid(), this.queryPrepared, e);
            }
        } else if (checkError == null) {
            try {
                submit();
            } catch (RuntimeException e) {
                submitError = e;
            }
        } else {
            LOG.warnf("gid=%s msg local result unknown (%s); leaving it prepared for DTM to query", gid(),
                    checkError.toString());
        }
        if (busiError != null) {
            if (submitError != null) {
                LOG.warnf("gid=%s msg submit after a local error failed: %s", gid(), submitError);
            }
            if (busiError instanceof RuntimeException re) {
                throw re;
            }
            throw new DtmException(String.valueOf(busiError.getMessage()), busiError);
        }
        if (submitError != null) {
            throw submitError;
        }
    }

    /**
     * The metadata of this message's local step, for the call that has another service run it:
     * {@code stub.withInterceptors(msg.attach(bb)).deductStock(req)} inside {@link #doAndSubmit}.
     * It carries the barrier's {@code dtm-*} ids (branch {@code "00"}, op {@code "msg"}), this
     * client's DTM address as {@code dtm-dtm} - as Go's {@code dtmgimp.TransInfo2Ctx} sends it - and
     * the {@link #callHeaders()} (branch headers, {@link BranchToken}).
     */
    public ClientInterceptor attach(BranchBarrier bb) {
        BranchContext branch = new BranchContext(bb.gid(), bb.transType(), bb.branchId(), bb.op(), dtm.dtmServer());
        return DtmMetadata.attach(branch, callHeaders());
    }

    /**
     * Go {@code DoAndSubmitDB}: {@link #doAndSubmit} whose local transaction is
     * {@code bb.callWithDb(dataSource, busi)} (a transaction of its own, not a JTA one).
     */
    public void doAndSubmitDb(String queryPrepared, DataSource dataSource, BusiCall busi) {
        doAndSubmit(queryPrepared, bb -> bb.callWithDb(dataSource, busi));
    }
}

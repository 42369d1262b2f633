package io.dtmshop.dtm;

import com.google.protobuf.Empty;
import io.dtmshop.dtm.grpc.gen.DtmBranchRequest;
import io.dtmshop.dtm.grpc.gen.DtmGrpc;
import io.dtmshop.dtm.grpc.gen.DtmProgressesReply;
import io.dtmshop.dtm.grpc.gen.DtmRequest;
import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * Entry point: DTM's gRPC server ({@code /dtmgimp.Dtm/*}) plus the way to call branches.
 * Go's dtmgrpc takes the DTM address in every constructor ({@code NewSagaGrpc(server, gid)});
 * here the address and a channel to it are given once. Calls block: do not use them on an
 * event-loop thread.
 *
 * <pre>{@code
 * DtmGrpcClient dtm = new DtmGrpcClient("discovery:///dtm-service", dtmChannel,
 *         new ChannelBranchInvoker(channels::forService));
 * String gid = dtm.newGid();
 * dtm.newSaga(gid)
 *    .add("discovery:///stock-service/stock.v1.StockService/DeductStock",
 *         "discovery:///stock-service/stock.v1.StockService/RefundStock", stockReq)
 *    .waitResult(true)
 *    .submit();
 * }</pre>
 */
public final class DtmGrpcClient {

    private static final Logger LOG = Logger.getLogger(DtmGrpcClient.class);
    /**
     * How often a request to DTM is sent at most, when it fails with UNAVAILABLE (see {@link #send}):
     * with two DTM servers, the second attempt reaches the live one.
     */
    static final int ATTEMPTS = 4;
    /** Transaction types whose branches DTM knows from RegisterBranch, not from the Submit ({@link #submitRegistered}). */
    private static final Set<String> BRANCHES_REGISTERED = Set.of("tcc", "xa");
    /** DTM's refusal of a Prepare names the transaction's status: "current status 'submitted', cannot prepare". */
    private static final Pattern CURRENT_STATUS = Pattern.compile("current status '(\\w+)'");
    /** The pause before the first repeat (then 200, 400 ms): the channel notices a dead server at once. */
    static final Duration REPEAT_PAUSE = Duration.ofMillis(100);

    private final Channel dtmChannel;
    private final BranchInvoker branchInvoker;
    private final String dtmServer;
    private final Duration deadline;
    private final Supplier<Map<String, String>> contextBranchHeaders;
    private final BranchToken branchToken;

    /** Go {@code TccGlobalFunc}: the body of a TCC transaction, calling its branches. */
    @FunctionalInterface
    public interface TccGlobalFunc {
        void run(TccGrpc tcc) throws Exception;
    }

    /** Go {@code XaGrpcGlobalFunc}: the body of an XA transaction, calling its branches. */
    @FunctionalInterface
    public interface XaGlobalFunc {
        void run(XaGrpc xa) throws Exception;
    }

    /**
     * Go {@code XaGrpcLocalFunc}: the work of an XA branch, on the connection that carries the XA
     * transaction. Run every statement on it; do not commit, roll back or close it. Throw
     * {@link DtmFailureException} for a business refusal.
     */
    @FunctionalInterface
    public interface XaLocalFunc {
        void call(Connection xa) throws Exception;
    }

    /**
     * @param dtmServer DTM's address as a branch dials it (Go: the {@code server} argument of
     *        {@code NewSagaGrpc}, {@code TccGlobalTransaction}, ...). It travels as {@code dtm-dtm}
     *        with every branch call this client makes itself (TCC Try, XA action, workflow step, a
     *        message's local step and back-check), where a branch written with DTM's Go client reads
     *        it to talk to DTM: Go's {@code XaLocalTransaction} registers the branch there and
     *        {@code TccFromGrpc} (a nested TCC) refuses a call without it. E.g.
     *        {@code "discovery:///dtm-service"} for branches that resolve it through Consul with DTM's
     *        kratos driver, or {@code "127.0.0.1:36790"}. Not empty.
     * @param dtmChannel channel to DTM's gRPC port (36790), normally to that same address
     * @param branchInvoker how to call a branch URL (needed to start TCC and XA branches and by
     *        {@link MsgGrpc#doAndSubmit})
     * @throws IllegalArgumentException dtmServer is null or blank
     */
    public DtmGrpcClient(String dtmServer, Channel dtmChannel, BranchInvoker branchInvoker) {
        this(dtmChannel, branchInvoker, requireDtmServer(dtmServer), null, Map::of, null);
    }

    /**
     * A client for a service that only serves branches: it talks to DTM (an XA branch registers
     * itself) but calls no branch.
     *
     * @param dtmServer DTM's address as a branch dials it, see {@link #DtmGrpcClient(String, Channel, BranchInvoker)}
     */
    public DtmGrpcClient(String dtmServer, Channel dtmChannel) {
        this(dtmServer, dtmChannel, (url, payload, branch, headers) -> {
            throw new IllegalStateException("this DtmGrpcClient was built without a BranchInvoker; cannot call " + url);
        });
    }

    private static String requireDtmServer(String dtmServer) {
        if (dtmServer == null || dtmServer.isBlank()) {
            throw new IllegalArgumentException("dtmServer must be DTM's address as a branch dials it, e.g. "
                    + "\"discovery:///dtm-service\" or \"127.0.0.1:36790\": branches written with DTM's Go client "
                    + "read it from dtm-dtm");
        }
        return dtmServer;
    }

    private DtmGrpcClient(Channel dtmChannel, BranchInvoker branchInvoker, String dtmServer, Duration deadline,
            Supplier<Map<String, String>> contextBranchHeaders, BranchToken branchToken) {
        this.dtmChannel = Objects.requireNonNull(dtmChannel, "dtmChannel");
        this.branchInvoker = Objects.requireNonNull(branchInvoker, "branchInvoker");
        this.dtmServer = dtmServer;
        this.deadline = deadline;
        this.contextBranchHeaders = Objects.requireNonNull(contextBranchHeaders, "contextBranchHeaders");
        this.branchToken = branchToken;
    }

    /**
     * A copy whose calls to DTM have this deadline (none by default). A waiting submit lasts up to
     * DTM's RequestTimeout + 2 s, so keep it above that.
     */
    public DtmGrpcClient withDeadline(Duration deadline) {
        return new DtmGrpcClient(dtmChannel, branchInvoker, dtmServer, deadline, contextBranchHeaders, branchToken);
    }

    /**
     * A copy that signs every transaction it starts with a {@link BranchToken}: the token of the
     * transaction's gid and type goes into its branch headers (so DTM sends it with every branch
     * call) and onto the branch calls this client makes itself (TCC Try, XA action, workflow steps,
     * a message's back-check; a message's local step: {@link MsgGrpc#attach}).
     */
    public DtmGrpcClient withBranchToken(BranchToken token) {
        return new DtmGrpcClient(dtmChannel, branchInvoker, dtmServer, deadline, contextBranchHeaders,
                Objects.requireNonNull(token, "token"));
    }

    /** The token this client signs transactions with, or null. */
    BranchToken branchToken() {
        return branchToken;
    }

    /**
     * A copy that adds these headers to the branch headers ({@link TransBase#branchHeaders()}) of
     * every transaction request it sends to DTM, asking the supplier anew for each request. DTM
     * v1.19.0 sends a transaction's branch headers as gRPC metadata with every branch call it
     * makes (also its retries and a workflow's resume), so this is how something of the caller's
     * context - e.g. the W3C {@code traceparent} of the current trace - reaches the branches.
     * Headers a transaction sets itself win over these.
     */
    public DtmGrpcClient withContextBranchHeaders(Supplier<Map<String, String>> headers) {
        return new DtmGrpcClient(dtmChannel, branchInvoker, dtmServer, deadline, headers, branchToken);
    }

    /** The context headers of {@link #withContextBranchHeaders}, as they are now. */
    Map<String, String> contextBranchHeaders() {
        Map<String, String> headers = contextBranchHeaders.get();
        return headers == null ? Map.of() : headers;
    }

    public BranchInvoker branchInvoker() {
        return branchInvoker;
    }

    /** DTM's address as a branch dials it: what this client sends as {@code dtm-dtm}. */
    public String dtmServer() {
        return dtmServer;
    }

    /**
     * Go {@code MustGenGid}: a new global transaction id from DTM ({@code NewGid}).
     *
     * @throws DtmNoAnswerException DTM could not be asked, or did not answer
     */
    public String newGid() {
        return send("NewGid", "", true, stub -> stub.newGid(Empty.getDefaultInstance())).getGid();
    }

    /** Go {@code NewSagaGrpc(server, gid)}. */
    public SagaGrpc newSaga(String gid) {
        return new SagaGrpc(this, gid);
    }

    /** Go {@code NewMsgGrpc(server, gid)}. */
    public MsgGrpc newMsg(String gid) {
        return new MsgGrpc(this, gid);
    }

    /**
     * Go {@code TccGlobalTransaction}: prepares a TCC transaction in DTM, runs {@code tccFunc},
     * then submits it (DTM confirms every branch) or, if {@code tccFunc} threw, aborts it (DTM
     * cancels every branch) and rethrows. Should the abort itself fail, its exception is added to
     * the rethrown one as suppressed: DTM then cancels the branches once the transaction times out.
     *
     * @throws RuntimeException tccFunc's exception (checked ones wrapped in a {@link DtmException}),
     *         or Prepare's or Submit's error
     */
    public void tccGlobalTransaction(String gid, TccGlobalFunc tccFunc) {
        tccGlobalTransaction(gid, tcc -> { }, tccFunc);
    }

    /** Go {@code TccGlobalTransaction2}: {@code custom} sets options (waitResult, timeouts) before Prepare. */
    public void tccGlobalTransaction(String gid, Consumer<TccGrpc> custom, TccGlobalFunc tccFunc) {
        TccGrpc tcc = new TccGrpc(this, gid);
        custom.accept(tcc);
        globalTransaction(tcc, () -> tccFunc.run(tcc));
    }

    /**
     * Go {@code XaGlobalTransaction}: prepares an XA transaction in DTM, runs {@code xaFunc}, then
     * submits it (DTM commits every prepared branch) or, if xaFunc threw, aborts it (DTM rolls them
     * back) and rethrows, exactly like {@link #tccGlobalTransaction(String, TccGlobalFunc)}.
     */
    public void xaGlobalTransaction(String gid, XaGlobalFunc xaFunc) {
        xaGlobalTransaction(gid, xa -> { }, xaFunc);
    }

    /** Go {@code XaGlobalTransaction2}: {@code custom} sets options before Prepare. */
    public void xaGlobalTransaction(String gid, Consumer<XaGrpc> custom, XaGlobalFunc xaFunc) {
        XaGrpc xa = new XaGrpc(this, gid);
        custom.accept(xa);
        globalTransaction(xa, () -> xaFunc.run(xa));
    }

    /**
     * Go {@code XaLocalTransaction}, for the gRPC handler of an XA branch: with op "action" runs
     * {@code busi} in a database XA transaction that it registers with DTM and prepares; with op
     * "commit" or "rollback" (DTM's phase 2) finishes the prepared transaction instead, and
     * {@code busi} is not called. See {@link XaLocalTransaction} for the steps.
     *
     * @param db MySQL/MariaDB; the call opens a connection of its own and closes it (see {@link DbConf}
     *        for why it must not come from a pool). Do the work only through the connection handed
     *        to {@code busi}: a container transaction around the call plays no part in it.
     * @throws DtmFailureException busi refused, or the branch was already rolled back
     */
    public void xaLocalTransaction(DbConf db, XaLocalFunc busi) throws SQLException {
        xaLocalTransaction(BranchContext.current(), db, busi);
    }

    /** {@link #xaLocalTransaction(DbConf, XaLocalFunc)} for a branch given explicitly. */
    public void xaLocalTransaction(BranchContext branch, DbConf db, XaLocalFunc busi) throws SQLException {
        if (branch == null || !branch.isComplete()) {
            throw new DtmFailureException("not an XA branch call: dtm-gid, dtm-trans_type, dtm-branch_id and dtm-op are required");
        }
        XaLocalTransaction.run(this, branch, Objects.requireNonNull(db, "db"), busi);
    }

    /**
     * Go {@code RegisterBranch}: what TCC's callBranch and an XA branch tell DTM about themselves.
     *
     * @throws DtmFailureException DTM refused (the transaction is no longer prepared)
     * @throws DtmNoAnswerException DTM could not be asked, or did not answer
     */
    public void registerBranch(DtmBranchRequest request) {
        send("RegisterBranch", request.getGid(), false, stub -> stub.registerBranch(request));
    }

    /** Prepare, run, then Submit or (after an exception) Abort: Go's TCC and XA global transaction. */
    private void globalTransaction(TransBase<?> trans, GlobalBody body) {
        LOG.infof("gid=%s %s prepare", trans.gid(), trans.transType());
        trans.callDtm("Prepare");
        try {
            body.run();
        } catch (Exception e) {
            // Go: tcc.RollbackReason = rerr.Error() - a branch's answer as grpc-go prints it
            trans.rollbackReason = DtmGrpcErrors.goErrorText(e);
            LOG.infof("gid=%s %s aborting: %s", trans.gid(), trans.transType(), trans.rollbackReason);
            try {
                trans.callDtm("Abort");
            } catch (RuntimeException abortError) {
                LOG.warnf("gid=%s %s abort failed; DTM rolls back after the transaction's timeout: %s", trans.gid(),
                        trans.transType(), abortError.toString());
                e.addSuppressed(abortError);
            }
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new DtmException(String.valueOf(e.getMessage()), e);
        }
        trans.callDtm("Submit");
    }

    @FunctionalInterface
    private interface GlobalBody {
        void run() throws Exception;
    }

    /**
     * Go {@code PrepareWorkflow} (dtmgimp.Dtm/PrepareWorkflow): records the workflow as prepared, or
     * finds it already there, and answers its status with the progress recorded so far.
     */
    public DtmProgressesReply prepareWorkflow(DtmRequest request) {
        return prepareWorkflow(request, false);
    }

    /** {@link #prepareWorkflow(DtmRequest)} telling whether an earlier request for the gid may have reached DTM. */
    DtmProgressesReply prepareWorkflow(DtmRequest request, boolean firstOfGid) {
        return send("PrepareWorkflow", request.getGid(), firstOfGid, stub -> stub.prepareWorkflow(request));
    }

    /**
     * Go {@code DtmGrpcCall}: one of Submit, Prepare, Abort.
     *
     * @throws DtmFailureException DTM answered ABORTED (e.g. a waiting Submit that rolled back)
     * @throws DtmOngoingException DTM answered FAILED_PRECONDITION
     * @throws DtmNoAnswerException DTM could not be asked ({@link DtmNotSentException}, whose
     *         {@code nothingStarted()} is false here: this method does not know the transaction's
     *         earlier requests - a {@link TransBase} does), or did not answer ({@link DtmOutcomeUnknownException})
     * @throws io.grpc.StatusRuntimeException any other status DTM answered
     */
    public void callDtm(String operation, DtmRequest request) {
        callDtm(operation, request, false);
    }

    /** {@link #callDtm(String, DtmRequest)} telling whether an earlier request for the gid may have reached DTM. */
    void callDtm(String operation, DtmRequest request, boolean firstOfGid) {
        if (operation.equals("Submit") && BRANCHES_REGISTERED.contains(request.getTransType())) {
            submitRegistered(request, firstOfGid);
            return;
        }
        send(operation, request.getGid(), firstOfGid, stub -> switch (operation) {
            case "Submit" -> stub.submit(request);
            case "Prepare" -> stub.prepare(request);
            case "Abort" -> stub.abort(request);
            default -> throw new IllegalArgumentException("unknown DTM operation " + operation);
        });
        LOG.debugf("gid=%s %s %s ok", request.getGid(), request.getTransType(), operation);
    }

    /**
     * Submit of a TCC or XA transaction, whose branches DTM knows from their RegisterBranch. Sent
     * again after its answer was lost only once a Prepare of the gid - accepted again while the
     * transaction is prepared, refused with its status otherwise (dtmsvr/api.go svcPrepare) - shows
     * that the first did not land: DTM v1.19.0 answers a second Submit of a submitted TCC or XA
     * transaction by marking it succeed without phase 2 of its branches (svcSubmit processes the
     * branches the request carries, and a TCC or XA request carries none), which would leave
     * branches prepared - rows locked, money unpaid - under a transaction DTM calls succeeded.
     * <ul>
     * <li>prepared: the Submit is sent again (at most once more);</li>
     * <li>succeed: done;</li>
     * <li>aborting or failed: {@link DtmFailureException};</li>
     * <li>submitted, or no answer: {@link DtmOutcomeUnknownException} - DTM's cron carries out phase
     *     2 of a submitted transaction with the branches from its store.</li>
     * </ul>
     */
    private void submitRegistered(DtmRequest request, boolean firstOfGid) {
        String gid = request.getGid();
        for (int round = 1; ; round++) {
            try {
                send("Submit", gid, firstOfGid, false, stub -> stub.submit(request));
                return;
            } catch (DtmOutcomeUnknownException lost) {
                String status = heldStatus(request).orElseThrow(() -> lost);
                LOG.infof("gid=%s %s Submit: its answer was lost; DTM holds it %s", gid, request.getTransType(), status);
                switch (status) {
                    case "succeed" -> {
                        return;
                    }
                    case "aborting", "failed" -> throw new DtmFailureException(
                            "DTM holds the transaction " + status + " (its Submit's answer was lost)", lost);
                    case "prepared" -> {
                        if (round >= 2) {
                            throw lost;
                        }
                    }
                    default -> throw lost;
                }
            }
        }
    }

    /**
     * The status DTM holds the transaction in, learnt from a Prepare of its gid: "prepared" when
     * accepted, else the status DTM's refusal names; empty when DTM did not answer so.
     */
    private Optional<String> heldStatus(DtmRequest request) {
        try {
            send("Prepare", request.getGid(), false, true, stub -> stub.prepare(request));
            return Optional.of("prepared");
        } catch (DtmFailureException refused) {
            Matcher named = CURRENT_STATUS.matcher(String.valueOf(refused.getMessage()));
            return named.find() ? Optional.of(named.group(1)) : Optional.empty();
        } catch (RuntimeException noAnswer) {
            return Optional.empty();
        }
    }

    /**
     * The one way every request reaches DTM: its error is DTM's answer (converted by
     * {@link DtmGrpcErrors#fromGrpc}), or - when DTM's status did not come back - a
     * {@link DtmNotSentException} (the request never left: {@link DtmCallProgress#sent()} is false)
     * or a {@link DtmOutcomeUnknownException}.
     * <p>
     * A request that failed with UNAVAILABLE - the connection was refused, or it broke under the call
     * because the DTM server died - is sent again, up to {@link #ATTEMPTS} times in all, after
     * {@link #REPEAT_PAUSE} (doubling): by then the channel has taken the dead server out of its
     * picks, and the request reaches another DTM server on the same store (README "Running more
     * than one of everything"). A request that was not sent may always go again. One whose answer
     * was lost may have been carried out, and DTM v1.19.0 does not deduplicate its requests
     * (dtmsvr/api.go), so its repeat is read with that in mind ({@link #repeatAnswer}): an OK answer
     * is the outcome (Prepare of a prepared gid, PrepareWorkflow of a known one and Submit of a
     * submitted saga or message are accepted again - a TCC or XA Submit is not sent blindly again,
     * see {@link #submitRegistered}); any other error leaves the outcome unknown - e.g. "current status 'succeed', cannot
     * submit" is no rollback. DEADLINE_EXCEEDED is not repeated: DTM may still be working on it. A
     * RegisterBranch that DTM refuses as a duplicate, whether repeated here or not, found its branch
     * registered: done.
     *
     * @param firstOfGid no earlier request for this gid can have reached DTM
     */
    private <R> R send(String operation, String gid, boolean firstOfGid, Function<DtmGrpc.DtmBlockingStub, R> call) {
        return send(operation, gid, firstOfGid, true, call);
    }

    /** {@link #send(String, String, boolean, Function)}; with {@code repeatWhenLost} false, a request whose answer was lost is not sent again. */
    private <R> R send(String operation, String gid, boolean firstOfGid, boolean repeatWhenLost,
                       Function<DtmGrpc.DtmBlockingStub, R> call) {
        StatusRuntimeException lost = null; // an earlier attempt was sent, and its answer lost
        for (int attempt = 1; ; attempt++) {
            DtmCallProgress progress = new DtmCallProgress();
            try {
                return call.apply(stub().withInterceptors(progress));
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (RuntimeException e) {
                boolean unavailable = Status.fromThrowable(e).getCode() == Status.Code.UNAVAILABLE;
                if (progress.sent() && progress.answered()) {
                    if ("RegisterBranch".equals(operation) && isDuplicateKey(Status.fromThrowable(e))) {
                        // The branch is registered already: by this request's first attempt whose answer
                        // was lost, or by the same branch call that ran before on another replica (an
                        // XA action or TCC Try sent again after the instance under it died). A branch id
                        // names one branch of the gid, so it is the same branch either way.
                        LOG.infof("gid=%s RegisterBranch: the branch is registered already (%s)", gid,
                                Status.fromThrowable(e).getDescription());
                        return null;
                    }
                    if (lost == null) {
                        RuntimeException answer = DtmGrpcErrors.fromGrpc(e);
                        LOG.infof("gid=%s %s: %s", gid, operation, answer.toString());
                        throw answer;
                    }
                    return repeatAnswer(operation, gid, lost, e);
                }
                if (progress.sent() && lost == null) {
                    lost = e instanceof StatusRuntimeException sre ? sre : Status.fromThrowable(e).asRuntimeException();
                }
                if (!unavailable || attempt >= ATTEMPTS || lost != null && !repeatWhenLost) {
                    RuntimeException mapped = lost != null ? new DtmOutcomeUnknownException(operation, gid, lost)
                            : new DtmNotSentException(operation, gid, firstOfGid, e);
                    LOG.infof("gid=%s %s: %s", gid, operation, mapped.toString());
                    throw mapped;
                }
                LOG.infof("gid=%s %s: %s (%s); sending it again", gid, operation, Status.fromThrowable(e),
                        progress.sent() ? "its answer was lost" : "it was not sent");
                pause(REPEAT_PAUSE.multipliedBy(1L << (attempt - 1)));
            }
        }
    }

    /**
     * The answer to a request sent again after the first one's answer was lost: an error says what
     * the repeat met, not what the first did, so the outcome stays unknown (a RegisterBranch refused
     * as a duplicate is settled before, in {@link #send}: DTM v1.19.0 refuses a branch registered
     * already with the store's duplicate-key error, e.g. MySQL/MariaDB "Error 1062 (23000): Duplicate
     * entry '<gid>-<branch>-<op>' for key 'gid_uniq'", as UNKNOWN).
     */
    private static <R> R repeatAnswer(String operation, String gid, StatusRuntimeException lost, RuntimeException repeat) {
        DtmOutcomeUnknownException unknown = new DtmOutcomeUnknownException(operation, gid, lost, repeat);
        LOG.infof("gid=%s %s: %s", gid, operation, unknown.getMessage());
        throw unknown;
    }

    /** DTM's store refused an insert as a duplicate: MySQL/MariaDB ER_DUP_ENTRY (1062, SQLSTATE 23000). */
    static boolean isDuplicateKey(Status status) {
        String description = status.getDescription();
        return status.getCode() == Status.Code.UNKNOWN && description != null
                && description.contains("Error 1062") && description.contains("Duplicate entry");
    }

    private static void pause(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DtmException("interrupted while waiting to send a request to DTM again", e);
        }
    }

    private DtmGrpc.DtmBlockingStub stub() {
        DtmGrpc.DtmBlockingStub stub = DtmGrpc.newBlockingStub(dtmChannel);
        if (deadline != null) {
            stub = stub.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        }
        return stub;
    }
}

package io.dtmshop.dtmbranch;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TextFormat;
import io.dtmshop.dtm.DtmFailureException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.util.concurrent.Callable;

/**
 * The frame of the baseline handlers (stock.v1.StockBaseline, order.v1.OrderBaseline,
 * payment.v1.PaymentBaseline): the same row writes as a DTM branch, called without DTM and without
 * the barrier, for the benchmark's {@code direct} baseline. A refusal of the service layer (its
 * {@link DtmFailureException}) is ABORTED as for a branch, so the caller can tell "no" from "broken";
 * anything else is INTERNAL and names only the exception's type, as {@code BranchCalls} does.
 *
 * <p>They move stock and money with no DTM, no barrier and no branch token, so they are off unless
 * {@code dtmshop.baseline.enabled=true} (env {@code DTMSHOP_BASELINE_ENABLED}; scripts/bench.sh turns
 * them on): off, every call is refused with PERMISSION_DENIED and changes nothing.
 */
public final class BaselineCalls {

    private static final Logger LOG = Logger.getLogger(BaselineCalls.class);
    /** The switch, read once: the baselines are off unless it is true. */
    public static final String ENABLED = "dtmshop.baseline.enabled";

    private BaselineCalls() {
    }

    /** Whether the baselines are on ({@link #ENABLED}, default false). */
    public static boolean enabled() {
        return ConfigProvider.getConfig().getOptionalValue(ENABLED, Boolean.class).orElse(false);
    }

    public static <T> void handle(String rpc, MessageOrBuilder request, StreamObserver<T> response, Callable<T> work) {
        if (!enabled()) {
            LOG.warnf("baseline %s refused: %s is not true", rpc, ENABLED);
            response.onError(Status.PERMISSION_DENIED.withDescription(rpc + " is a benchmark baseline, off here ("
                    + ENABLED + "=false): it would move stock and money without DTM").asRuntimeException());
            return;
        }
        // One line per call, as BranchCalls logs a branch: the benchmark compares the modes with
        // this baseline, and logging is part of what each call costs.
        LOG.infof("baseline %s(%s)", rpc, TextFormat.shortDebugString(request));
        T reply;
        try {
            reply = work.call();
        } catch (DtmFailureException e) {
            response.onError(Status.ABORTED.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (Exception e) {
            LOG.errorf(e, "baseline %s failed unexpectedly", rpc);
            response.onError(Status.INTERNAL.withDescription(rpc + " failed (" + e.getClass().getSimpleName() + ")")
                    .asRuntimeException());
            return;
        }
        response.onNext(reply);
        response.onCompleted();
    }
}

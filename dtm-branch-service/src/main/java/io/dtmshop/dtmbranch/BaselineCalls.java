package io.dtmshop.dtmbranch;

import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.TextFormat;
import io.dtmshop.dtm.DtmFailureException;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jboss.logging.Logger;

import java.util.concurrent.Callable;

/**
 * The frame of the baseline handlers (stock.v1.StockBaseline, order.v1.OrderBaseline,
 * payment.v1.PaymentBaseline): the same row writes as a DTM branch, called without DTM and without
 * the barrier, for the benchmark's {@code direct} baseline. A refusal of the service layer (its
 * {@link DtmFailureException}) is ABORTED as for a branch, so the caller can tell "no" from "broken";
 * anything else is INTERNAL and names only the exception's type, as {@code BranchCalls} does.
 */
public final class BaselineCalls {

    private static final Logger LOG = Logger.getLogger(BaselineCalls.class);

    private BaselineCalls() {
    }

    public static <T> void handle(String rpc, MessageOrBuilder request, StreamObserver<T> response, Callable<T> work) {
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

package io.dtmshop.payment.grpc;

import io.dtmshop.dtmbranch.BaselineCalls;
import io.dtmshop.payment.service.PaymentService;
import io.dtmshop.proto.payment.v1.PaymentBaselineGrpc;
import io.dtmshop.proto.payment.v1.PaymentReply;
import io.dtmshop.proto.payment.v1.PaymentRequest;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * payment.v1.PaymentBaseline: the payment without DTM and without the barrier, for the benchmark's
 * {@code direct} baseline only. Not a branch: a repeated call pays again.
 */
@GrpcService
public class PaymentBaselineGrpcService extends PaymentBaselineGrpc.PaymentBaselineImplBase {

    private final PaymentService paymentService;

    public PaymentBaselineGrpcService(PaymentService paymentService) {
        this.paymentService = paymentService;
    }

    @Override
    @Blocking
    public void pay(PaymentRequest request, StreamObserver<PaymentReply> response) {
        BaselineCalls.handle("PaymentBaseline/Pay", request, response, () -> PaymentMapper.toReply(
                request.getOrderNo(),
                paymentService.payWithoutBarrier(request.getOrderNo(), request.getUserId(), request.getAmountCents())));
    }
}

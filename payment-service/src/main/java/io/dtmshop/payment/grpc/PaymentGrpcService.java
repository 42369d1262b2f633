package io.dtmshop.payment.grpc;

import io.dtmshop.dtm.BranchCalls;
import io.dtmshop.dtmbranch.OwnOrder;
import io.dtmshop.payment.service.PaymentService;
import io.dtmshop.proto.payment.v1.Account;
import io.dtmshop.proto.payment.v1.GetAccountRequest;
import io.dtmshop.proto.payment.v1.PaymentAudit;
import io.dtmshop.proto.payment.v1.PaymentAuditRequest;
import io.dtmshop.proto.payment.v1.PaymentReply;
import io.dtmshop.proto.payment.v1.PaymentRequest;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * payment.v1.PaymentService. Handlers are {@link Blocking}: they run JDBC transactions, which must
 * not happen on the gRPC event loop.
 */
@GrpcService
public class PaymentGrpcService extends PaymentServiceGrpc.PaymentServiceImplBase {

    private final PaymentService paymentService;

    public PaymentGrpcService(PaymentService paymentService) {
        this.paymentService = paymentService;
    }

    @Override
    @Blocking
    public void pay(PaymentRequest request, StreamObserver<PaymentReply> response) {
        BranchCalls.handle("Pay", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> PaymentMapper.toReply(request.getOrderNo(),
                paymentService.pay(barrier, request.getOrderNo(), request.getUserId(), request.getAmountCents()))));
    }

    @Override
    @Blocking
    public void refund(PaymentRequest request, StreamObserver<PaymentReply> response) {
        BranchCalls.handle("Refund", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> PaymentMapper.toReply(request.getOrderNo(),
                paymentService.refund(barrier, request.getOrderNo(), request.getUserId()))));
    }

    @Override
    @Blocking
    public void tryPay(PaymentRequest request, StreamObserver<PaymentReply> response) {
        BranchCalls.handle("TryPay", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> PaymentMapper.toReply(request.getOrderNo(),
                paymentService.tryPay(barrier, request.getOrderNo(), request.getUserId(), request.getAmountCents()))));
    }

    @Override
    @Blocking
    public void confirmPay(PaymentRequest request, StreamObserver<PaymentReply> response) {
        BranchCalls.handle("ConfirmPay", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> PaymentMapper.toReply(request.getOrderNo(),
                paymentService.confirmPay(barrier, request.getOrderNo(), request.getUserId()))));
    }

    @Override
    @Blocking
    public void cancelPay(PaymentRequest request, StreamObserver<PaymentReply> response) {
        BranchCalls.handle("CancelPay", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> PaymentMapper.toReply(request.getOrderNo(),
                paymentService.cancelPay(barrier, request.getOrderNo(), request.getUserId()))));
    }

    /**
     * One method for both XA phases: the op in the metadata tells an action from DTM's commit or
     * rollback, whose request is empty (so the reply is order_no "" and balance 0 then).
     */
    @Override
    @Blocking
    public void xaPay(PaymentRequest request, StreamObserver<PaymentReply> response) {
        BranchCalls.handle("XaPay", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> PaymentMapper.toReply(request.getOrderNo(),
                paymentService.xaPay(request.getOrderNo(), request.getUserId(), request.getAmountCents()))));
    }

    @Override
    @Blocking
    public void auditPayments(PaymentAuditRequest request, StreamObserver<PaymentAudit> response) {
        response.onNext(PaymentMapper.toAudit(paymentService.audit(request.getUserIdsList())));
        response.onCompleted();
    }

    @Override
    @Blocking
    public void getAccount(GetAccountRequest request, StreamObserver<Account> response) {
        paymentService.findAccount(request.getUserId()).ifPresentOrElse(account -> {
            response.onNext(PaymentMapper.toProto(account));
            response.onCompleted();
        }, () -> response.onError(Status.NOT_FOUND
                .withDescription("account of user " + request.getUserId() + " not found").asRuntimeException()));
    }
}

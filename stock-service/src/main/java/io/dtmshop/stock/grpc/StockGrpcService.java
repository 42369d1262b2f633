package io.dtmshop.stock.grpc;

import io.dtmshop.dtm.BranchCalls;
import io.dtmshop.dtmbranch.OwnOrder;
import com.google.protobuf.Empty;
import io.dtmshop.proto.stock.v1.GetProductRequest;
import io.dtmshop.proto.stock.v1.Product;
import io.dtmshop.proto.stock.v1.StockAudit;
import io.dtmshop.proto.stock.v1.StockAuditRequest;
import io.dtmshop.proto.stock.v1.StockReply;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.dtmshop.stock.service.StockService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * stock.v1.StockService. Handlers are {@link Blocking}: they run JDBC transactions, which must not
 * happen on the gRPC event loop.
 */
@GrpcService
public class StockGrpcService extends StockServiceGrpc.StockServiceImplBase {

    private final StockService stockService;

    public StockGrpcService(StockService stockService) {
        this.stockService = stockService;
    }

    @Override
    @Blocking
    public void getProduct(GetProductRequest request, StreamObserver<Product> response) {
        stockService.findProduct(request.getProductId()).ifPresentOrElse(found -> {
            response.onNext(StockMapper.toProto(found));
            response.onCompleted();
        }, () -> response.onError(Status.NOT_FOUND
                .withDescription("product " + request.getProductId() + " not found").asRuntimeException()));
    }

    @Override
    @Blocking
    public void auditStock(StockAuditRequest request, StreamObserver<StockAudit> response) {
        response.onNext(StockMapper.toAudit(stockService.audit(request.getProductIdsList())));
        response.onCompleted();
    }

    @Override
    @Blocking
    public void deductStock(StockRequest request, StreamObserver<StockReply> response) {
        BranchCalls.handle("DeductStock", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> StockMapper.toReply(request.getProductId(),
                stockService.deduct(barrier, request.getOrderNo(), request.getProductId(), request.getQuantity()))));
    }

    @Override
    @Blocking
    public void refundStock(StockRequest request, StreamObserver<StockReply> response) {
        BranchCalls.handle("RefundStock", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> StockMapper.toReply(request.getProductId(),
                stockService.refund(barrier, request.getOrderNo(), request.getProductId()))));
    }

    @Override
    @Blocking
    public void tryDeductStock(StockRequest request, StreamObserver<StockReply> response) {
        BranchCalls.handle("TryDeductStock", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> StockMapper.toReply(request.getProductId(),
                stockService.tryDeduct(barrier, request.getOrderNo(), request.getProductId(), request.getQuantity()))));
    }

    @Override
    @Blocking
    public void confirmDeductStock(StockRequest request, StreamObserver<StockReply> response) {
        BranchCalls.handle("ConfirmDeductStock", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> StockMapper.toReply(request.getProductId(),
                stockService.confirmDeduct(barrier, request.getOrderNo(), request.getProductId()))));
    }

    @Override
    @Blocking
    public void cancelDeductStock(StockRequest request, StreamObserver<StockReply> response) {
        BranchCalls.handle("CancelDeductStock", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> StockMapper.toReply(request.getProductId(),
                stockService.cancelDeduct(barrier, request.getOrderNo(), request.getProductId()))));
    }

    /** One method for both XA phases: the op in the metadata tells an action from DTM's commit or rollback. */
    @Override
    @Blocking
    public void xaDeductStock(StockRequest request, StreamObserver<StockReply> response) {
        BranchCalls.handle("XaDeductStock", request, response, OwnOrder.checked(request.getOrderNo(),
                barrier -> StockMapper.toReply(request.getProductId(),
                stockService.xaDeduct(barrier.branchId(), request.getOrderNo(), request.getProductId(),
                        request.getQuantity()))));
    }

    @Override
    @Blocking
    public void queryPrepared(Empty request, StreamObserver<Empty> response) {
        BranchCalls.handle("QueryPrepared", request, response, barrier -> {
            stockService.queryPrepared(barrier);
            return Empty.getDefaultInstance();
        });
    }
}

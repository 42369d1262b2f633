package io.dtmshop.stock.grpc;

import io.dtmshop.dtmbranch.BaselineCalls;
import io.dtmshop.proto.stock.v1.StockBaselineGrpc;
import io.dtmshop.proto.stock.v1.StockReply;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.dtmshop.stock.service.StockService;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * stock.v1.StockBaseline: the stock deduction without DTM and without the barrier, for the
 * benchmark's {@code direct} baseline only. Not a branch: a repeated call deducts again.
 */
@GrpcService
public class StockBaselineGrpcService extends StockBaselineGrpc.StockBaselineImplBase {

    private final StockService stockService;

    public StockBaselineGrpcService(StockService stockService) {
        this.stockService = stockService;
    }

    @Override
    @Blocking
    public void deductStock(StockRequest request, StreamObserver<StockReply> response) {
        BaselineCalls.handle("StockBaseline/DeductStock", request, response, () -> StockMapper.toReply(
                request.getProductId(),
                stockService.deductWithoutBarrier(request.getOrderNo(), request.getProductId(), request.getQuantity())));
    }
}

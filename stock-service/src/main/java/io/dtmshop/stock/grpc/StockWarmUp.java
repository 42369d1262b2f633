package io.dtmshop.stock.grpc;

import io.dtmshop.dtmbranch.BranchWarmUp;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.grpc.Channel;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * stock-service's warm-up before Consul lists it (see {@link BranchWarmUp}): a DeductStock that its
 * guarded UPDATE refuses - 2,147,483,647 units (the most an INT holds: only a stock of exactly that,
 * nothing locked, could give them) of product 0, an id AUTO_INCREMENT never hands out - and whose
 * refusal then looks the product up, as GetProduct does.
 */
@ApplicationScoped
public class StockWarmUp extends BranchWarmUp {

    @Override
    protected void calls(Channel ownServer) {
        refusedSagaAction(ownServer, StockServiceGrpc.getDeductStockMethod(), gid -> StockRequest.newBuilder()
                .setOrderNo(gid).setProductId(0).setQuantity(Integer.MAX_VALUE).build());
    }
}

package io.dtmshop.shop.purchase;

import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BranchesTest {

    @Test
    void branchUrlIsTheKratosDiscoveryFormWithTheFullMethodName() {
        assertEquals("discovery:///stock-service/stock.v1.StockService/DeductStock",
                Branches.url("stock-service", StockServiceGrpc.getDeductStockMethod()));
    }
}

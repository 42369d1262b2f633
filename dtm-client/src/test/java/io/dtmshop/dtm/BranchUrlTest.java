package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BranchUrlTest {

    @Test
    void kratosDiscoveryUrl() {
        BranchUrl u = BranchUrl.parse("discovery:///stock-service/stock.v1.StockService/DeductStock");
        assertEquals("discovery:///stock-service", u.target());
        assertEquals("stock-service", u.service());
        assertEquals("stock.v1.StockService/DeductStock", u.fullMethodName());
        assertEquals("/stock.v1.StockService/DeductStock", u.method());
    }

    @Test
    void urlWithAuthority() {
        BranchUrl u = BranchUrl.parse("consul://127.0.0.1:8500/order-service/order.v1.OrderService/CreateOrder");
        assertEquals("consul://127.0.0.1:8500/order-service", u.target());
        assertEquals("order-service", u.service());
        assertEquals("order.v1.OrderService/CreateOrder", u.fullMethodName());
    }

    @Test
    void plainHostPortUrl() {
        BranchUrl u = BranchUrl.parse("localhost:58081/busi.Busi/TransIn");
        assertEquals("localhost:58081", u.target());
        assertEquals("localhost:58081", u.service());
        assertEquals("busi.Busi/TransIn", u.fullMethodName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "noslash", "/busi.Busi/TransIn", "localhost:1/busi.Busi",
            "localhost:1/busi.Busi/", "localhost:1/a/b/c", "discovery:///stock-service",
            "discovery:///stock-service/", "discovery:///stock-service/stock.v1.StockService",
            "discovery:////stock.v1.StockService/DeductStock", "://x/y/z"})
    void badUrls(String url) {
        assertThrows(IllegalArgumentException.class, () -> BranchUrl.parse(url));
    }

    @Test
    void nullUrl() {
        assertThrows(IllegalArgumentException.class, () -> BranchUrl.parse(null));
    }
}

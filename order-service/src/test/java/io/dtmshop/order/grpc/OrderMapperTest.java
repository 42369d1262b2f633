package io.dtmshop.order.grpc;

import io.dtmshop.order.model.Order;
import io.dtmshop.order.model.OrderStatus;
import io.dtmshop.proto.order.v1.CreateOrderRequest;
import io.dtmshop.proto.order.v1.OrderReply;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class OrderMapperTest {

    private static final CreateOrderRequest REQUEST = CreateOrderRequest.newBuilder()
            .setOrderNo("gid-1").setUserId(1).setProductId(2).setQuantity(3).setAmountCents(74700).build();

    @Test
    void requestBecomesAnOrderWithoutStatus() {
        Order order = OrderMapper.toEntity(REQUEST);

        assertEquals("gid-1", order.orderNo);
        assertEquals(1, order.userId);
        assertEquals(2, order.productId);
        assertEquals(3, order.quantity);
        assertEquals(74700, order.amountCents);
        assertNull(order.status, "the service decides the status");
    }

    @Test
    void orderBecomesProtoWithIsoTimestamp() {
        Order order = OrderMapper.toEntity(REQUEST);
        order.status = OrderStatus.CREATED;
        order.createdAt = Instant.parse("2025-01-02T03:04:05Z");

        io.dtmshop.proto.order.v1.Order proto = OrderMapper.toProto(order);

        assertEquals("CREATED", proto.getStatus());
        assertEquals("2025-01-02T03:04:05Z", proto.getCreatedAt());
        assertEquals(74700, proto.getAmountCents());
    }

    @Test
    void replyWithoutOrderHasEmptyStatus() {
        OrderReply reply = OrderMapper.toReply("gid-1", Optional.empty());

        assertEquals("gid-1", reply.getOrderNo());
        assertEquals("", reply.getStatus());
    }
}

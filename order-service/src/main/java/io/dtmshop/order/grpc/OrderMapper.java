package io.dtmshop.order.grpc;

import io.dtmshop.order.model.Order;
import io.dtmshop.order.repository.OrderRepository;
import io.dtmshop.proto.order.v1.CreateOrderRequest;
import io.dtmshop.proto.order.v1.OrderAudit;
import io.dtmshop.proto.order.v1.OrderGroup;
import io.dtmshop.proto.order.v1.OrderReply;

import java.util.List;
import java.util.Optional;

/** order.v1 messages to entities and back. */
final class OrderMapper {

    private OrderMapper() {
    }

    static Order toEntity(CreateOrderRequest request) {
        Order order = new Order();
        order.orderNo = request.getOrderNo();
        order.userId = request.getUserId();
        order.productId = request.getProductId();
        order.quantity = request.getQuantity();
        order.amountCents = request.getAmountCents();
        return order;
    }

    static OrderAudit toAudit(List<OrderRepository.OrderGroup> groups) {
        OrderAudit.Builder audit = OrderAudit.newBuilder();
        for (OrderRepository.OrderGroup group : groups) {
            audit.addGroups(OrderGroup.newBuilder()
                    .setProductId(group.productId())
                    .setUserId(group.userId())
                    .setStatus(group.status())
                    .setOrders(group.orders())
                    .setUnits(group.units())
                    .setAmountCents(group.amountCents())
                    .setFingerprint(group.fingerprint()));
        }
        return audit.build();
    }

    static io.dtmshop.proto.order.v1.Order toProto(Order order) {
        return io.dtmshop.proto.order.v1.Order.newBuilder()
                .setOrderNo(order.orderNo)
                .setUserId(order.userId)
                .setProductId(order.productId)
                .setQuantity(order.quantity)
                .setAmountCents(order.amountCents)
                .setStatus(order.status.name())
                .setCreatedAt(order.createdAt == null ? "" : order.createdAt.toString())
                .build();
    }

    /**
     * The status is empty when there is no such order (a compensation that had nothing to cancel)
     * or the call does not know it (an XA phase 2, whose request is empty).
     */
    static OrderReply toReply(String orderNo, Optional<Order> order) {
        return OrderReply.newBuilder()
                .setOrderNo(orderNo)
                .setStatus(order.map(o -> o.status.name()).orElse(""))
                .build();
    }
}

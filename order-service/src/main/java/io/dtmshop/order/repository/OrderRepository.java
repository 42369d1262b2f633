package io.dtmshop.order.repository;

import io.dtmshop.order.model.Order;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class OrderRepository implements PanacheRepositoryBase<Order, Long> {

    public Optional<Order> findByOrderNo(String orderNo) {
        return find("orderNo", orderNo).firstResultOptional();
    }
}

package io.dtmshop.payment.repository;

import io.dtmshop.payment.model.Payment;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class PaymentRepository implements PanacheRepositoryBase<Payment, Long> {

    public Optional<Payment> findByOrderNo(String orderNo) {
        return find("orderNo", orderNo).firstResultOptional();
    }
}

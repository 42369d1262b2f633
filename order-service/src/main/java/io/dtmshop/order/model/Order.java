package io.dtmshop.order.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.CreationTimestamp;
import org.hibernate.annotations.UpdateTimestamp;

import java.time.Instant;

/** One purchase's order. Its order number is the DTM gid of the purchase, hence unique. */
@Entity
@Table(name = "orders") // ORDER is an SQL keyword
public class Order {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "order_no", nullable = false, unique = true, updatable = false)
    public String orderNo;

    @Column(name = "user_id", nullable = false)
    public long userId;

    @Column(name = "product_id", nullable = false)
    public long productId;

    @Column(nullable = false)
    public int quantity;

    @Column(name = "amount_cents", nullable = false)
    public long amountCents;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public OrderStatus status;

    @CreationTimestamp
    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @UpdateTimestamp
    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

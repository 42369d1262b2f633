package io.dtmshop.shop.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One Idempotency-Key a buyer used, and the purchase it stands for (table purchase_key in shop_db). */
@Entity
@Table(name = "purchase_key")
public class PurchaseKey {

    /** Running, or its outcome was not known when it answered: DTM knows the rest. */
    public static final String STARTED = "started";

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public long userId;

    @Column(name = "idempotency_key", nullable = false, updatable = false)
    public String idempotencyKey;

    /** SHA-256 (hex) of the request as the buyer sent it (see {@link PurchaseKeys#requestHash}). */
    @Column(name = "request_hash", nullable = false, updatable = false)
    public String requestHash;

    @Column(nullable = false, updatable = false)
    public String gid;

    @Column(nullable = false, updatable = false)
    public String mode;

    /** {@link #STARTED}, or the purchase's final outcome: {@code succeed}, {@code failed}. */
    @Column(nullable = false)
    public String status;

    @Column(nullable = false)
    public String message;

    @Column(nullable = false)
    public boolean retryable;

    /** Raised each time a retry takes over a purchase that never reached DTM. */
    @Column(nullable = false)
    public int attempt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}

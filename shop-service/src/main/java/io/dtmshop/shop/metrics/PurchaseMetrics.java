package io.dtmshop.shop.metrics;

import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.shop.purchase.PurchaseOutcome;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.Supplier;

/**
 * The purchase metrics, per mode, for every purchase that got a gid (passed the checkout):
 * <ul>
 * <li>{@code dtmshop.purchases.started} (tag {@code mode});</li>
 * <li>{@code dtmshop.purchases.completed} (tags {@code mode}, {@code outcome});</li>
 * <li>{@code dtmshop.purchase.duration}, a timer (tags {@code mode}, {@code outcome}).</li>
 * </ul>
 * Prometheus (at {@code /q/metrics}) shows them as {@code dtmshop_purchases_started_total},
 * {@code dtmshop_purchases_completed_total} and {@code dtmshop_purchase_duration_seconds_*}.
 */
@ApplicationScoped
public class PurchaseMetrics {

    public static final String STARTED = "dtmshop.purchases.started";
    public static final String COMPLETED = "dtmshop.purchases.completed";
    public static final String DURATION = "dtmshop.purchase.duration";

    /** Every branch committed. */
    public static final String SUCCEEDED = "succeeded";
    /** A branch refused and DTM rolled the others back. */
    public static final String ROLLED_BACK = "rolled_back";
    /** DTM holds the transaction and finishes or compensates it later (the 202 answer). */
    public static final String PENDING = "pending";
    /** The purchase ended in an error (e.g. 503: DTM or a branch could not be reached). */
    public static final String FAILED = "failed";

    private final MeterRegistry registry;

    public PurchaseMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Runs one purchase of this mode and records it; what the purchase returns or throws passes through. */
    public PurchaseReply record(String mode, Supplier<PurchaseReply> purchase) {
        registry.counter(STARTED, "mode", mode).increment();
        Timer.Sample sample = Timer.start(registry);
        String outcome = FAILED;
        try {
            PurchaseReply reply = purchase.get();
            outcome = outcomeOf(reply);
            return reply;
        } finally {
            sample.stop(registry.timer(DURATION, "mode", mode, "outcome", outcome));
            registry.counter(COMPLETED, "mode", mode, "outcome", outcome).increment();
        }
    }

    /** The outcome tag of a reply, from its status ({@link PurchaseOutcome}). */
    static String outcomeOf(PurchaseReply reply) {
        return switch (reply.getStatus()) {
            case PurchaseOutcome.SUCCEED -> SUCCEEDED;
            case PurchaseOutcome.FAILED -> ROLLED_BACK;
            case PurchaseOutcome.SUBMITTED -> PENDING;
            default -> FAILED;
        };
    }
}

package io.dtmshop.shop.purchase;

import io.dtmshop.dtm.DtmException;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.UnavailableRetry;
import io.dtmshop.dtm.barrier.BarrierKeys;
import io.dtmshop.proto.payment.v1.GetAccountRequest;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.dtmshop.proto.shop.v1.PurchaseRequest;
import io.dtmshop.proto.stock.v1.GetProductRequest;
import io.dtmshop.proto.stock.v1.Product;
import io.dtmshop.proto.stock.v1.StockServiceGrpc;
import io.dtmshop.shop.config.ServiceNames;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.stork.Stork;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Everything that can be refused before a distributed transaction starts: bad input, an unknown
 * product or user, a service or DTM that cannot be reached. Nothing is written here, so a refusal
 * leaves no trace; only a purchase that passes gets a gid.
 */
@ApplicationScoped
public class Checkout {

    /** Largest quantity one purchase may ask for. */
    public static final int MAX_QUANTITY = 1000;
    private static final Duration LOOKUP_DEADLINE = Duration.ofSeconds(5);

    @Inject
    DtmGrpcClient dtm;
    @Inject
    ServiceNames names;

    @GrpcClient("stock")
    StockServiceGrpc.StockServiceBlockingStub stock;
    @GrpcClient("payment")
    PaymentServiceGrpc.PaymentServiceBlockingStub payment;

    /**
     * The checked and priced purchase under the gid the caller made ({@code PurchaseRequest.gid}),
     * or, when it sent none, under a new gid from DTM ({@code NewGid}).
     */
    public PurchaseOrder check(PurchaseRequest request) {
        if (!request.getGid().isEmpty()) {
            requireGid(request.getGid());
            return priced(request, request::getGid);
        }
        return priced(request, this::newGid);
    }

    /** A new gid from DTM ({@code NewGid}), for a caller that sent none. */
    public String newGid() {
        return lookup(names.dtm(), () -> dtm.withDeadline(LOOKUP_DEADLINE).newGid());
    }

    /**
     * The same checks for the benchmark baselines, which do not use DTM: the order number is a
     * random UUID instead of a DTM gid, so the difference to a mode is exactly what DTM adds.
     */
    public PurchaseOrder checkWithoutDtm(PurchaseRequest request) {
        return priced(request, () -> UUID.randomUUID().toString());
    }

    private PurchaseOrder priced(PurchaseRequest request, Supplier<String> orderNumber) {
        validate(request);
        // Reads: sent again to another replica when the one asked died under the call (UnavailableRetry).
        Product product = lookup(names.stock(), () -> UnavailableRetry.DEFAULT.call("stock lookup",
                () -> deadline(stock).getProduct(GetProductRequest.newBuilder().setProductId(request.getProductId())
                        .build())));
        requireTotalFits(request.getQuantity(), product.getPriceCents());
        lookup(names.payment(), () -> UnavailableRetry.DEFAULT.call("account lookup",
                () -> deadline(payment).getAccount(GetAccountRequest.newBuilder().setUserId(request.getUserId())
                        .build())));
        requireInstance(names.order());
        // DTM is asked nothing before the transaction's first request, which waits up to
        // dtmshop.purchase.timeout for a connection: without a healthy DTM in Consul, refuse now.
        requireInstance(names.dtm());
        return new PurchaseOrder(orderNumber.get(), request.getUserId(), request.getProductId(), request.getQuantity(),
                product.getPriceCents());
    }

    static void validate(PurchaseRequest request) {
        if (request.getUserId() <= 0) {
            throw invalid("userId must be a positive id");
        }
        if (request.getProductId() <= 0) {
            throw invalid("productId must be a positive id");
        }
        if (request.getQuantity() < 1 || request.getQuantity() > MAX_QUANTITY) {
            throw invalid("quantity must be between 1 and " + MAX_QUANTITY);
        }
    }

    /**
     * A gid every branch service can store exactly, in its barrier and as the order number
     * (dtm-client's {@link BarrierKeys}: 1-128 characters of {@code [A-Za-z0-9_.:-]}).
     */
    static void requireGid(String gid) {
        BarrierKeys.idProblem("gid", gid).ifPresent(problem -> {
            throw invalid(problem);
        });
    }

    /**
     * The purchase's total, quantity x price in cents, must be a signed 64-bit number of cents
     * ({@link PurchaseOrder#amountCents()}, the payment's {@code amount_cents} BIGINT).
     *
     * @throws StatusRuntimeException INVALID_ARGUMENT naming the total when it is not
     */
    static void requireTotalFits(int quantity, long priceCents) {
        try {
            Math.multiplyExact(priceCents, (long) quantity);
        } catch (ArithmeticException e) {
            throw invalid("total of " + quantity + " x " + priceCents
                    + " cents does not fit in a signed 64-bit number of cents");
        }
    }

    private static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    /** NOT_FOUND passes through; a service that does not answer (or is not called at all) becomes UNAVAILABLE naming it. */
    static <T> T lookup(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            switch (e.getStatus().getCode()) {
                case NOT_FOUND, INVALID_ARGUMENT -> throw e;
                default -> throw unreachable(service, e.getStatus().getCode() + " " + e.getStatus().getDescription());
            }
        } catch (DtmException e) {
            // dtm-client turns some of DTM's answers into its own exceptions
            throw unreachable(service, e.getMessage());
        } catch (RuntimeException e) {
            // No answer at all: the client failed before the call left, e.g. Quarkus 3.30's Stork
            // picker throws a NullPointerException while the service has no instance.
            throw unreachable(service, e.toString());
        }
    }

    /**
     * order-service and DTM are not called before the transaction, so ask Consul (through Stork)
     * whether a healthy instance exists: a purchase that could only hang in DTM's retries, or wait
     * for a DTM that is not there, is refused up front.
     */
    private static void requireInstance(String service) {
        try {
            var instances = Stork.getInstance().getService(service).getInstances().await().atMost(LOOKUP_DEADLINE);
            if (instances.isEmpty()) {
                throw unreachable(service, "no healthy instance in Consul");
            }
        } catch (StatusRuntimeException e) {
            throw e;
        } catch (RuntimeException e) {
            throw unreachable(service, e.getMessage());
        }
    }

    private static StatusRuntimeException unreachable(String service, String why) {
        return Status.UNAVAILABLE.withDescription(service + " cannot be reached: " + why).asRuntimeException();
    }

    private static <S extends io.grpc.stub.AbstractStub<S>> S deadline(S stub) {
        return stub.withDeadlineAfter(LOOKUP_DEADLINE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }
}

package io.dtmshop.stock.service;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.barrier.BarrierKeys;
import io.dtmshop.stock.model.Stock;

/**
 * The business decisions of a stock movement and the words they fail with. Kept free of I/O so
 * they can be unit-tested; {@link StockService} applies them inside the branch barrier.
 *
 * <p>Every failure here is a {@link DtmFailureException} (gRPC ABORTED): retrying cannot fix it,
 * so DTM must roll the whole purchase back. The messages name the figures because they travel
 * through DTM back to the shopper.
 */
public final class StockRules {

    private StockRules() {
    }

    /**
     * What a stock movement must carry before it writes: an order number that is a valid gid (it is
     * the gid of the purchase: {@link BarrierKeys}) and a positive quantity.
     *
     * @throws DtmFailureException either is not
     */
    public static void requireValid(String orderNo, long productId, int quantity) {
        BarrierKeys.idProblem("order_no", orderNo).ifPresent(problem -> {
            throw new DtmFailureException("invalid stock movement of product " + productId + ": " + problem);
        });
        requirePositiveQuantity(productId, quantity);
    }

    public static void requirePositiveQuantity(long productId, int quantity) {
        if (quantity <= 0) {
            throw new DtmFailureException(
                    "invalid quantity for product " + productId + ": " + quantity + " (must be at least 1)");
        }
    }

    /**
     * Why a guarded deduction changed no row.
     *
     * @param stock the product's stock as it is now, or null when the product has none
     */
    public static DtmFailureException deductionRefused(long productId, int requested, Stock stock) {
        if (stock == null) {
            return unknownProduct(productId);
        }
        return new DtmFailureException("not enough stock for product " + productId + ": requested " + requested
                + ", available " + stock.available());
    }

    public static DtmFailureException unknownProduct(long productId) {
        return new DtmFailureException("unknown product " + productId);
    }
}

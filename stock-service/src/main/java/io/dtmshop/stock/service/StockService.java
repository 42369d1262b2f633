package io.dtmshop.stock.service;

import io.agroal.api.AgroalDataSource;
import io.dtmshop.dtm.DbConf;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.stock.model.Product;
import io.dtmshop.stock.model.Stock;
import io.dtmshop.stock.model.StockDeductionLog;
import io.dtmshop.stock.model.StockOp;
import io.dtmshop.stock.repository.ProductRepository;
import io.dtmshop.stock.repository.StockDeductionLogRepository;
import io.dtmshop.stock.repository.StockRepository;
import io.dtmshop.stock.repository.StockXaRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * Stock movements as DTM branches.
 *
 * <p>Each write runs in one JTA transaction that holds both the barrier rows and the business
 * rows: {@code barrier.callInTransaction(dataSource, ...)} inside {@code @Transactional} takes the connection enlisted
 * in that transaction, the same one Hibernate writes through. So a failure rolls back both, and a
 * commit makes both durable; DTM may call a branch any number of times and the stock moves once.
 *
 * <p>{@code rollbackOn = SQLException.class}: JTA commits on checked exceptions by default, and a
 * barrier insert that fails half-way must not leave its first row behind.
 */
@ApplicationScoped
public class StockService {

    /** The branch id a baseline deduction logs: the one DTM gives a saga's first step. */
    public static final String BASELINE_BRANCH_ID = "01";

    private final AgroalDataSource dataSource;
    private final ProductRepository products;
    private final StockRepository stocks;
    private final StockDeductionLogRepository logs;
    private final StockXaRepository xaStocks;
    private final DtmGrpcClient dtm;
    private final DbConf xaDb;

    public StockService(AgroalDataSource dataSource, ProductRepository products, StockRepository stocks,
            StockDeductionLogRepository logs, StockXaRepository xaStocks, DtmGrpcClient dtm, DbConf xaDb) {
        this.dataSource = dataSource;
        this.products = products;
        this.stocks = stocks;
        this.logs = logs;
        this.xaStocks = xaStocks;
        this.dtm = dtm;
        this.xaDb = xaDb;
    }

    /** The consistency audit's figures: the stock of these products, or of every product when empty. */
    public List<Stock> audit(List<Long> productIds) {
        return stocks.listForAudit(productIds);
    }

    public Optional<ProductStock> findProduct(long productId) {
        return products.findByIdOptional(productId)
                .map(product -> new ProductStock(product, stocks.findById(productId)));
    }

    /**
     * SAGA action, and the local step of a 2-phase message (op "msg", where the barrier also
     * decides against a query-prepared that already declared the message rolled back).
     *
     * @return units left in stock afterwards
     * @throws io.dtmshop.dtm.DtmFailureException invalid order number or quantity, unknown product or not enough stock
     */
    @Transactional(rollbackOn = SQLException.class)
    public int deduct(BranchBarrier barrier, String orderNo, long productId, int quantity) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> takeUnits(orderNo, barrier.branchId(), productId, quantity));
        return quantityOf(productId);
    }

    /**
     * The row writes of {@link #deduct} without the barrier, for the {@code direct} benchmark
     * baseline (no DTM): a repeated call deducts again. The log row looks like a saga's, so the
     * stock's history adds up the same way whichever path took the units.
     *
     * @return units left in stock afterwards
     * @throws io.dtmshop.dtm.DtmFailureException invalid order number or quantity, unknown product or not enough stock
     */
    @Transactional
    public int deductWithoutBarrier(String orderNo, long productId, int quantity) {
        takeUnits(orderNo, BASELINE_BRANCH_ID, productId, quantity);
        return quantityOf(productId);
    }

    /** The row writes of a deduction: the guarded stock UPDATE and its DEDUCT log row. */
    private void takeUnits(String orderNo, String branchId, long productId, int quantity) {
        StockRules.requireValid(orderNo, productId, quantity);
        if (!stocks.deduct(productId, quantity)) {
            throw StockRules.deductionRefused(productId, quantity, stocks.findById(productId));
        }
        logs.persist(StockDeductionLog.of(orderNo, branchId, productId, quantity, StockOp.DEDUCT));
    }

    /**
     * SAGA compensation of {@link #deduct}. The barrier skips it when the deduction never
     * happened; otherwise it gives back what the deduction recorded ({@link #recordedAction}), not
     * what the request says.
     *
     * @param productId the request's product, only for the units reported back
     * @return units of the request's product in stock afterwards
     */
    @Transactional(rollbackOn = SQLException.class)
    public int refund(BranchBarrier barrier, String orderNo, long productId) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
            StockDeductionLog taken = recordedAction("refund", orderNo, barrier.branchId(), StockOp.DEDUCT);
            if (!stocks.restore(taken.productId, taken.quantity)) {
                // The deduction committed, so the stock row existed: if it is gone that is not a
                // business failure (a compensation must not fail) but something to fix; DTM retries.
                throw new IllegalStateException("cannot refund order " + orderNo + ": product " + taken.productId
                        + " has no stock row");
            }
            logs.persist(StockDeductionLog.of(orderNo, barrier.branchId(), taken.productId, taken.quantity, StockOp.REFUND));
        });
        return quantityOf(productId);
    }

    /**
     * The rule every stock compensation and Confirm follows (as payment-service's and order-service's
     * do): it works from what its action recorded - the action's row in {@code stock_deduction_log},
     * found by order number and branch - never from its request, so it cannot give back, take or
     * release more than the action did, whatever payload it is handed. The barrier runs it only after
     * that action committed, so the row is there; if it is not, that is something to fix, not a
     * business failure: DTM retries meanwhile.
     */
    private StockDeductionLog recordedAction(String what, String orderNo, String branchId, StockOp op) {
        return logs.findMovement(orderNo, branchId, op).orElseThrow(() -> new IllegalStateException(
                "cannot " + what + " order " + orderNo + ": no " + op + " of branch " + branchId + " recorded"));
    }

    /**
     * TCC Try: reserves the units ({@code locked += quantity}) where enough are available. They
     * stay in stock, so a Cancel has nothing to give back but the reservation. The barrier makes a
     * repeated Try a no-op and a Try that arrives after its Cancel do nothing.
     *
     * @return units in stock (reserved ones included)
     * @throws io.dtmshop.dtm.DtmFailureException invalid order number or quantity, unknown product or not enough
     *         available units
     */
    @Transactional(rollbackOn = SQLException.class)
    public int tryDeduct(BranchBarrier barrier, String orderNo, long productId, int quantity) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
            StockRules.requireValid(orderNo, productId, quantity);
            if (!stocks.reserve(productId, quantity)) {
                throw StockRules.deductionRefused(productId, quantity, stocks.findById(productId));
            }
            logs.persist(StockDeductionLog.of(orderNo, barrier.branchId(), productId, quantity, StockOp.RESERVE));
        });
        return quantityOf(productId);
    }

    /**
     * TCC Confirm: takes the reserved units ({@code quantity -= n, locked -= n}), as many as the Try
     * recorded ({@link #recordedAction}). DTM calls it only after every Try succeeded, and retries it
     * until it succeeds.
     *
     * @param productId the request's product, only for the units reported back
     * @return units of the request's product in stock afterwards
     */
    @Transactional(rollbackOn = SQLException.class)
    public int confirmDeduct(BranchBarrier barrier, String orderNo, long productId) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
            StockDeductionLog reserved = recordedAction("confirm", orderNo, barrier.branchId(), StockOp.RESERVE);
            if (!stocks.takeReserved(reserved.productId, reserved.quantity)) {
                // The Try committed its reservation, so it must still be there: not a business
                // failure (a Confirm must not fail) but something to fix; DTM retries meanwhile.
                throw new IllegalStateException("cannot confirm order " + orderNo + ": fewer than " + reserved.quantity
                        + " units of product " + reserved.productId + " are reserved");
            }
            logs.persist(StockDeductionLog.of(orderNo, barrier.branchId(), reserved.productId, reserved.quantity,
                    StockOp.DEDUCT));
        });
        return quantityOf(productId);
    }

    /**
     * TCC Cancel: gives the reservation up ({@code locked -= n}), as many units as the Try recorded;
     * {@code quantity} is untouched, because the Try never took anything out of it. The barrier skips
     * it when the Try never ran (or failed), so it only releases what was reserved.
     *
     * @param productId the request's product, only for the units reported back
     * @return units of the request's product in stock afterwards
     */
    @Transactional(rollbackOn = SQLException.class)
    public int cancelDeduct(BranchBarrier barrier, String orderNo, long productId) throws SQLException {
        barrier.callInTransaction(dataSource, ignored -> {
            StockDeductionLog reserved = recordedAction("cancel", orderNo, barrier.branchId(), StockOp.RESERVE);
            if (!stocks.release(reserved.productId, reserved.quantity)) {
                throw new IllegalStateException("cannot cancel order " + orderNo + ": fewer than " + reserved.quantity
                        + " units of product " + reserved.productId + " are reserved");
            }
            logs.persist(StockDeductionLog.of(orderNo, barrier.branchId(), reserved.productId, reserved.quantity,
                    StockOp.RELEASE));
        });
        return quantityOf(productId);
    }

    /**
     * XA branch: with op "action" deducts the stock inside a database XA transaction, which
     * dtm-client registers with DTM and prepares; the row stays locked until DTM's phase 2 (op
     * "commit" or "rollback", empty request) commits or rolls it back. Not in a container
     * transaction: the XA transaction is the transaction.
     *
     * @return units in stock as the branch left them (uncommitted for an action); 0 for phase 2
     * @throws io.dtmshop.dtm.DtmFailureException invalid order number or quantity, unknown product or not enough stock:
     *         nothing was prepared
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public int xaDeduct(String branchId, String orderNo, long productId, int quantity) throws SQLException {
        int[] left = {0};
        dtm.xaLocalTransaction(xaDb, xa -> {
            StockRules.requireValid(orderNo, productId, quantity);
            if (!xaStocks.deduct(xa, productId, quantity)) {
                throw StockRules.deductionRefused(productId, quantity, xaStocks.find(xa, productId));
            }
            xaStocks.log(xa, orderNo, branchId, productId, quantity, StockOp.DEDUCT);
            left[0] = xaStocks.find(xa, productId).quantity;
        });
        return left[0];
    }

    /**
     * Back-check of a 2-phase message whose local step is {@link #deduct} with op "msg".
     * Deliberately not in a transaction: the "rollback" row it may insert must be committed even
     * though it then answers with a DtmFailureException (which would roll a transaction back).
     *
     * @throws io.dtmshop.dtm.DtmFailureException the local step did not commit and now never will
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public void queryPrepared(BranchBarrier barrier) throws SQLException {
        barrier.queryPrepared(dataSource);
    }

    /** Stock as the reply reports it; 0 when there is no stock row (e.g. a skipped null compensation). */
    private int quantityOf(long productId) {
        Stock stock = stocks.findById(productId);
        return stock == null ? 0 : stock.quantity;
    }

    /** A product with its stock, which is null when the product has no stock row. */
    public record ProductStock(Product product, Stock stock) {
    }
}

package io.dtmshop.stock.repository;

import io.dtmshop.stock.model.Stock;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Stock changes are single guarded UPDATE statements rather than read-modify-write on the entity:
 * the database checks availability and changes the row atomically, so two purchases racing for
 * the last unit cannot both win.
 */
@ApplicationScoped
public class StockRepository implements PanacheRepositoryBase<Stock, Long> {

    /** The stock of these products, or of every product when the list is empty. */
    public List<Stock> listForAudit(List<Long> productIds) {
        return productIds.isEmpty() ? listAll() : list("productId in ?1", productIds);
    }

    /**
     * Takes {@code quantity} units if that many are available (in stock and not locked).
     *
     * @return false when the product has no stock row or not enough available units; nothing changed then
     */
    public boolean deduct(long productId, int quantity) {
        return update("quantity = quantity - ?1 where productId = ?2 and quantity - locked >= ?1",
                quantity, productId) == 1;
    }

    /**
     * TCC Try: reserves {@code quantity} units if that many are available; they stay in stock but
     * no other purchase can take them.
     *
     * @return false when the product has no stock row or not enough available units; nothing changed then
     */
    public boolean reserve(long productId, int quantity) {
        return update("locked = locked + ?1 where productId = ?2 and quantity - locked >= ?1",
                quantity, productId) == 1;
    }

    /**
     * TCC Confirm: takes {@code quantity} reserved units out of stock.
     *
     * @return false when the product has no stock row or fewer units reserved
     */
    public boolean takeReserved(long productId, int quantity) {
        return update("quantity = quantity - ?1, locked = locked - ?1 where productId = ?2 and locked >= ?1",
                quantity, productId) == 1;
    }

    /**
     * TCC Cancel: gives up a reservation of {@code quantity} units; the stock itself never moved.
     *
     * @return false when the product has no stock row or fewer units reserved
     */
    public boolean release(long productId, int quantity) {
        return update("locked = locked - ?1 where productId = ?2 and locked >= ?1", quantity, productId) == 1;
    }

    /** @return false when the product has no stock row */
    public boolean restore(long productId, int quantity) {
        return update("quantity = quantity + ?1 where productId = ?2", quantity, productId) == 1;
    }
}

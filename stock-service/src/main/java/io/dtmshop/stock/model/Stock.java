package io.dtmshop.stock.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * Units of one product. Read through this entity, but changed only by guarded bulk updates in
 * {@link io.dtmshop.stock.repository.StockRepository}: the guard in the WHERE clause is what keeps
 * concurrent purchases from overselling.
 */
@Entity
@Table(name = "stock")
public class Stock {

    @Id
    @Column(name = "product_id")
    public Long productId;

    /** The units the product was stocked with; only the consistency audit reads it. */
    @Column(name = "initial_quantity", nullable = false)
    public int initialQuantity;

    @Column(nullable = false)
    public int quantity;

    /** Units reserved but not yet taken; they are not available to new deductions. */
    @Column(nullable = false)
    public int locked;

    public int available() {
        return quantity - locked;
    }
}

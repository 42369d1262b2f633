package io.dtmshop.stock.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A catalogue entry. Prices are integer cents, never floating point. */
@Entity
@Table(name = "product")
public class Product {

    @Id
    public Long id;

    @Column(nullable = false)
    public String name;

    @Column(name = "price_cents", nullable = false)
    public long priceCents;
}

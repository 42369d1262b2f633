package io.dtmshop.stock.grpc;

import io.dtmshop.proto.stock.v1.Product;
import io.dtmshop.stock.model.Stock;
import io.dtmshop.stock.service.StockService.ProductStock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class StockMapperTest {

    @Test
    void productCarriesPriceAndStock() {
        Stock stock = new Stock();
        stock.productId = 1L;
        stock.quantity = 100;
        stock.locked = 4;

        Product proto = StockMapper.toProto(new ProductStock(iphone(), stock));

        assertEquals(Product.newBuilder().setId(1).setName("Apple iPhone 13").setPriceCents(79999)
                .setQuantity(100).setLocked(4).build(), proto);
    }

    @Test
    void productWithoutStockRowHasNoUnits() {
        Product proto = StockMapper.toProto(new ProductStock(iphone(), null));

        assertEquals(0, proto.getQuantity());
        assertEquals(0, proto.getLocked());
    }

    private static io.dtmshop.stock.model.Product iphone() {
        io.dtmshop.stock.model.Product product = new io.dtmshop.stock.model.Product();
        product.id = 1L;
        product.name = "Apple iPhone 13";
        product.priceCents = 79999;
        return product;
    }
}

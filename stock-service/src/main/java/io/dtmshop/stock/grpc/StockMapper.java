package io.dtmshop.stock.grpc;

import io.dtmshop.proto.stock.v1.Product;
import io.dtmshop.proto.stock.v1.StockAudit;
import io.dtmshop.proto.stock.v1.StockReply;
import io.dtmshop.stock.model.Stock;
import io.dtmshop.stock.service.StockService.ProductStock;

import java.util.List;

/** Entities to stock.v1 messages. */
final class StockMapper {

    private StockMapper() {
    }

    /** A product without a stock row is reported with 0 units. */
    static Product toProto(ProductStock found) {
        Product.Builder product = Product.newBuilder()
                .setId(found.product().id)
                .setName(found.product().name)
                .setPriceCents(found.product().priceCents);
        if (found.stock() != null) {
            product.setQuantity(found.stock().quantity).setLocked(found.stock().locked);
        }
        return product.build();
    }

    static StockAudit toAudit(List<Stock> stocks) {
        StockAudit.Builder audit = StockAudit.newBuilder();
        for (Stock stock : stocks) {
            audit.addProducts(io.dtmshop.proto.stock.v1.ProductStock.newBuilder()
                    .setProductId(stock.productId)
                    .setInitialQuantity(stock.initialQuantity)
                    .setQuantity(stock.quantity)
                    .setLocked(stock.locked));
        }
        return audit.build();
    }

    static StockReply toReply(long productId, int quantityLeft) {
        return StockReply.newBuilder().setProductId(productId).setQuantity(quantityLeft).build();
    }
}

package io.dtmshop.stock.grpc;

import io.dtmshop.proto.stock.v1.Product;
import io.dtmshop.proto.stock.v1.StockReply;
import io.dtmshop.stock.service.StockService.ProductStock;

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

    static StockReply toReply(long productId, int quantityLeft) {
        return StockReply.newBuilder().setProductId(productId).setQuantity(quantityLeft).build();
    }
}

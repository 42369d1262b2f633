package io.dtmshop.shop.purchase;

import io.dtmshop.shop.config.ServiceNames;
import io.grpc.MethodDescriptor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Branch URLs in the form DTM's kratos driver resolves through Consul:
 * {@code discovery:///stock-service/stock.v1.StockService/DeductStock}. DTM looks the service up
 * on every call, so a branch still reaches a service that restarted elsewhere.
 */
@ApplicationScoped
public class Branches {

    @Inject
    ServiceNames names;

    public String stock(MethodDescriptor<?, ?> method) {
        return url(names.stock(), method);
    }

    public String order(MethodDescriptor<?, ?> method) {
        return url(names.order(), method);
    }

    public String payment(MethodDescriptor<?, ?> method) {
        return url(names.payment(), method);
    }

    static String url(String service, MethodDescriptor<?, ?> method) {
        return host(service) + "/" + method.getFullMethodName();
    }

    /** A service as DTM's kratos driver finds it in Consul: {@code discovery:///<service>}. */
    public static String host(String service) {
        return "discovery:///" + service;
    }
}

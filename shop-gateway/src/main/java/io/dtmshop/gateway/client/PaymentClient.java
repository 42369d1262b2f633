package io.dtmshop.gateway.client;

import io.dtmshop.gateway.config.GatewayConfig;
import io.dtmshop.proto.payment.v1.Account;
import io.dtmshop.proto.payment.v1.GetAccountRequest;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** payment-service: accounts and their balances. */
@ApplicationScoped
public class PaymentClient {

    @GrpcClient("payment")
    Channel channel;

    @ConfigProperty(name = "quarkus.grpc.clients.payment.host")
    String service;

    @Inject
    GatewayConfig config;

    public Account getAccount(long userId) {
        GetAccountRequest request = GetAccountRequest.newBuilder().setUserId(userId).build();
        return UnaryCalls.call(service, PaymentServiceGrpc.newFutureStub(channel), config.readTimeout(),
                stub -> stub.getAccount(request));
    }
}

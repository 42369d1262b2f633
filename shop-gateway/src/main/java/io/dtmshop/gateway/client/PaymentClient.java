package io.dtmshop.gateway.client;

import io.dtmshop.gateway.config.GatewayConfig;
import io.dtmshop.proto.payment.v1.Account;
import io.dtmshop.proto.payment.v1.GetAccountRequest;
import io.dtmshop.proto.payment.v1.PaymentAudit;
import io.dtmshop.proto.payment.v1.PaymentAuditRequest;
import io.dtmshop.proto.payment.v1.PaymentServiceGrpc;
import io.grpc.Channel;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/** payment-service: accounts and their balances. */
@ApplicationScoped
public class PaymentClient {

    @GrpcClient("payment")
    Channel channel;

    @ConfigProperty(name = "quarkus.grpc.clients.payment.host")
    String service;

    @Inject
    GatewayConfig config;

    /** The consistency audit's figures: these users' accounts (every account when empty) and payments. */
    public PaymentAudit audit(List<Long> userIds) {
        PaymentAuditRequest request = PaymentAuditRequest.newBuilder().addAllUserIds(userIds).build();
        return UnaryCalls.call(service, PaymentServiceGrpc.newFutureStub(channel), config.readTimeout(),
                UnaryCalls.Repeat.READ, stub -> stub.auditPayments(request));
    }

    public Account getAccount(long userId) {
        GetAccountRequest request = GetAccountRequest.newBuilder().setUserId(userId).build();
        return UnaryCalls.call(service, PaymentServiceGrpc.newFutureStub(channel), config.readTimeout(),
                UnaryCalls.Repeat.READ, stub -> stub.getAccount(request));
    }
}

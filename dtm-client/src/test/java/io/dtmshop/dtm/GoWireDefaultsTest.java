package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.StringValue;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What this client sends where DTM's Go client sends the same (dtm-client README, "Metadata and
 * defaults next to Go"). The exchanges with DTM itself, and with branches written with Go's client,
 * are tested in integration-tests (GoLedgerIT, GoBuyerIT).
 */
class GoWireDefaultsTest {

    @Test
    void theDtmAddressIsRequired() {
        io.grpc.Channel channel = NoCalls.channel();
        assertThrows(IllegalArgumentException.class, () -> new DtmGrpcClient("", channel));
        assertThrows(IllegalArgumentException.class, () -> new DtmGrpcClient(" ", channel, (u, p, b, h) -> new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> new DtmGrpcClient(null, channel));
        assertEquals("127.0.0.1:36790", new DtmGrpcClient("127.0.0.1:36790", channel).dtmServer());
    }

    @Test
    void anXaActionCarriesTheDtmAddressAndItsPhase2Url() {
        AtomicReference<BranchContext> sent = new AtomicReference<>();
        DtmGrpcClient dtm = new DtmGrpcClient(NoCalls.DTM_SERVER, NoCalls.channel(), (url, payload, branch, headers) -> {
                    sent.set(branch);
                    return new byte[0];
                });
        new XaGrpc(dtm, "g1").callBranch(StringValue.of("x"), "127.0.0.1:1/ledger.v1.Ledger/XaDebit");
        assertEquals(new BranchContext("g1", "xa", "01", "action", NoCalls.DTM_SERVER,
                "127.0.0.1:1/ledger.v1.Ledger/XaDebit"), sent.get());
    }

    @Test
    void aTypedReplyIsReadAsTheCallersType() {
        DtmGrpcClient dtm = new DtmGrpcClient(NoCalls.DTM_SERVER, NoCalls.channel(),
                (url, payload, branch, headers) -> StringValue.of("balance 5").toByteArray());
        StringValue reply = new XaGrpc(dtm, "g1").callBranch(StringValue.of("x"), "h:1/s.S/M",
                StringValue.getDefaultInstance());
        assertEquals("balance 5", reply.getValue());

        DtmGrpcClient garbage = new DtmGrpcClient(NoCalls.DTM_SERVER, NoCalls.channel(),
                (url, payload, branch, headers) -> new byte[] {(byte) 0xff});
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> new XaGrpc(garbage, "g1")
                .callBranch(StringValue.of("x"), "h:1/s.S/M", StringValue.getDefaultInstance()));
        assertEquals(Status.Code.INTERNAL, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("google.protobuf.StringValue"), e.getMessage());
    }

    @Test
    void aMessagesLocalStepCarriesTheDtmAddressAndTheToken() throws Exception {
        AtomicReference<Metadata> seen = new AtomicReference<>();
        MethodDescriptor<byte[], byte[]> deduct = InProcess.bytesMethod("stock.v1.StockService/DeductStock");
        ServerInterceptor capture = new ServerInterceptor() {
            @Override
            public <Q, R> io.grpc.ServerCall.Listener<Q> interceptCall(io.grpc.ServerCall<Q, R> call, Metadata headers,
                    io.grpc.ServerCallHandler<Q, R> next) {
                seen.set(headers);
                return next.startCall(call, headers);
            }
        };
        try (InProcess stock = InProcess.start(ServerServiceDefinition.builder("stock.v1.StockService")
                .addMethod(deduct, ServerCalls.asyncUnaryCall((req, out) -> {
                    out.onNext(req);
                    out.onCompleted();
                })).build(), capture)) {
            String secret = BranchTokenTest.SECRET;
            MsgGrpc msg = NoCalls.dtm().withBranchToken(BranchToken.of(List.of(secret))).newMsg("g7");
            ClientCalls.blockingUnaryCall(ClientInterceptors.intercept(stock.channel,
                    msg.attach(BranchBarrier.forMsgLocalStep("g7"))), deduct, io.grpc.CallOptions.DEFAULT, new byte[0]);
            Metadata md = seen.get();
            assertEquals(new BranchContext("g7", "msg", "00", "msg", NoCalls.DTM_SERVER), DtmMetadata.fromMetadata(md));
            assertEquals(BranchToken.of(List.of(secret)).sign("msg", "g7"),
                    md.get(Metadata.Key.of(BranchToken.HEADER, Metadata.ASCII_STRING_MARSHALLER)));
        }
    }

    @Test
    void theBarrierTableIsGosByDefault() {
        // Go: dtmimp.BarrierTableName = "dtm_barrier.barrier"
        assertEquals("dtm_barrier.barrier", BranchBarrier.DEFAULT_TABLE_NAME);
        assertEquals("dtm_barrier.barrier", new BranchBarrier("saga", "g", "01", "action").tableName());
        assertEquals("dtm_barrier", new BranchBarrier("saga", "g", "01", "action")
                .withTableName(BranchBarrier.SERVICE_TABLE_NAME).tableName());
    }
}

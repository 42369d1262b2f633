package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.Empty;
import io.dtmshop.dtm.grpc.gen.DtmGidReply;
import io.dtmshop.dtm.grpc.gen.DtmGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** The DTM check against an in-process gRPC server that answers NewGid as DTM does, or refuses. */
class DtmReadinessCheckTest {

    static final Duration DEADLINE = Duration.ofSeconds(2);

    @Test
    void upWhenDtmAnswersNewGid() throws Exception {
        try (InProcess dtm = InProcess.start(new DtmGrpc.DtmImplBase() {
            @Override
            public void newGid(Empty request, StreamObserver<DtmGidReply> response) {
                response.onNext(DtmGidReply.newBuilder().setGid("g1").build());
                response.onCompleted();
            }
        })) {
            HealthCheckResponse health = new DtmReadinessCheck(new DtmGrpcClient("127.0.0.1:36790", dtm.channel), DEADLINE).call();
            assertEquals("DTM", health.getName());
            assertEquals(HealthCheckResponse.Status.UP, health.getStatus());
        }
    }

    @Test
    void downWithTheReasonWhenDtmCannotBeReached() throws Exception {
        try (InProcess dtm = InProcess.start(new DtmGrpc.DtmImplBase() {
            @Override
            public void newGid(Empty request, StreamObserver<DtmGidReply> response) {
                response.onError(Status.UNAVAILABLE.withDescription("no instance of dtm-service").asRuntimeException());
            }
        })) {
            HealthCheckResponse health = new DtmReadinessCheck(new DtmGrpcClient("127.0.0.1:36790", dtm.channel), DEADLINE).call();
            assertEquals(HealthCheckResponse.Status.DOWN, health.getStatus());
            assertTrue(String.valueOf(health.getData().orElseThrow().get("error")).contains("no instance of dtm-service"),
                    health.getData().toString());
        }
    }
}

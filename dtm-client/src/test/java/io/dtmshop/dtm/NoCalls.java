package io.dtmshop.dtm;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.MethodDescriptor;

/**
 * A client for request-building tests: building a request must not talk to anybody, so its DTM
 * channel and its branch invoker fail the test if they are ever used. What DTM does with the
 * requests is tested against the real DTM in integration-tests (io.dtmshop.it.dtmclient).
 */
final class NoCalls {

    /** The DTM address the client sends as dtm-dtm. */
    static final String DTM_SERVER = "discovery:///dtm-service";

    private NoCalls() {
    }

    static DtmGrpcClient dtm() {
        return new DtmGrpcClient(DTM_SERVER, channel(), (url, payload, branch, headers) -> {
            throw new AssertionError("building a request called a branch: " + url);
        });
    }

    /** A channel to DTM that fails the test when it is used. */
    static Channel channel() {
        return new Channel() {
            @Override
            public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
                throw new AssertionError("building a request called DTM: " + method.getFullMethodName());
            }

            @Override
            public String authority() {
                return "no-dtm";
            }
        };
    }
}

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

    private NoCalls() {
    }

    static DtmGrpcClient dtm() {
        Channel channel = new Channel() {
            @Override
            public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
                throw new AssertionError("building a request called DTM: " + method.getFullMethodName());
            }

            @Override
            public String authority() {
                return "no-dtm";
            }
        };
        return new DtmGrpcClient(channel, (url, payload, branch, headers) -> {
            throw new AssertionError("building a request called a branch: " + url);
        });
    }
}

package io.dtmshop.dtm;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * How far one call to DTM got, as grpc-java's stream tracer reports it - the facts that tell a
 * request DTM cannot have seen from one whose fate is unknown:
 * <ul>
 * <li>{@link #sent()}: the request message was handed to a stream on a real connection
 *     ({@code StreamTracer.outboundMessage}). A call that failed before - no instance to call, the
 *     connection refused, the name lookup failed, a deadline that passed while the call waited for
 *     a connection - never left this process.</li>
 * <li>{@link #answered()}: DTM's status came back ({@code ClientStreamTracer.inboundTrailers}); an
 *     error then is DTM's answer, not the transport's.</li>
 * </ul>
 * One instance per call (it is the call's interceptor and its stream tracer factory); grpc-java makes
 * one tracer per attempt, and "sent" holds once any attempt sent.
 */
final class DtmCallProgress extends ClientStreamTracer.Factory implements ClientInterceptor {

    private volatile boolean sent;
    private volatile boolean answered;

    @Override
    public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
        return new ClientStreamTracer() {
            @Override
            public void outboundMessage(int seqNo) {
                sent = true;
            }

            @Override
            public void inboundTrailers(Metadata trailers) {
                answered = true;
            }
        };
    }

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
            CallOptions callOptions, Channel next) {
        return next.newCall(method, callOptions.withStreamTracerFactory(this));
    }

    /** True once the request message was handed to a connection: DTM may have received it. */
    boolean sent() {
        return sent;
    }

    /** True once DTM's status (trailers) came back. */
    boolean answered() {
        return answered;
    }
}

package io.dtmshop.dtm;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Deadline;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * {@link BranchInvoker} over plain gRPC channels: parses the URL with {@link BranchUrl}, asks the
 * given function for a channel to {@link BranchUrl#service()} (e.g. a channel resolved through
 * Consul, or a fixed {@code host:port} one) and does a raw unary call with a bytes marshaller.
 * <p>
 * A call that fails with UNAVAILABLE is sent again ({@link UnavailableRetry}, by default
 * {@link UnavailableRetry#DEFAULT}) within the same deadline: a branch call is idempotent through
 * the barrier, and the next attempt reaches another replica of the service when the first one's
 * instance died under it.
 */
public final class ChannelBranchInvoker implements BranchInvoker {

    private static final Logger LOG = Logger.getLogger(ChannelBranchInvoker.class);
    /** Passes payloads through as they are: DTM hands branches serialized protobuf bytes. */
    static final MethodDescriptor.Marshaller<byte[]> BYTES = new BytesMarshaller();

    private final Function<String, Channel> channelForService;
    private final Duration timeout;
    private final UnavailableRetry retry;

    /** @param channelForService service name (or {@code host:port}) to channel; must not return null */
    public ChannelBranchInvoker(Function<String, Channel> channelForService) {
        this(channelForService, null);
    }

    /**
     * @param channelForService service name (or {@code host:port}) to channel
     * @param timeout deadline of each call, null for none
     */
    public ChannelBranchInvoker(Function<String, Channel> channelForService, Duration timeout) {
        this(channelForService, timeout, UnavailableRetry.DEFAULT);
    }

    /**
     * @param channelForService service name (or {@code host:port}) to channel
     * @param timeout deadline of each call, null for none; a repeated call shares it
     * @param retry how a call that failed with UNAVAILABLE is sent again
     *        ({@code new UnavailableRetry(1, ...)}: never)
     */
    public ChannelBranchInvoker(Function<String, Channel> channelForService, Duration timeout, UnavailableRetry retry) {
        this.channelForService = Objects.requireNonNull(channelForService, "channelForService");
        this.timeout = timeout;
        this.retry = Objects.requireNonNull(retry, "retry");
    }

    @Override
    public byte[] invoke(String url, byte[] payload, BranchContext branch, Map<String, String> headers) {
        BranchUrl target = BranchUrl.parse(url);
        Channel channel = channelForService.apply(target.service());
        if (channel == null) {
            throw new IllegalStateException("no channel for service '" + target.service() + "' of " + url);
        }
        Metadata md = DtmMetadata.toMetadata(branch);
        if (headers != null) {
            headers.forEach((k, v) -> md.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
        }
        MethodDescriptor<byte[], byte[]> method = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(target.fullMethodName())
                .setRequestMarshaller(BYTES)
                .setResponseMarshaller(BYTES)
                .build();
        Deadline deadline = timeout == null ? null : Deadline.after(timeout.toMillis(), TimeUnit.MILLISECONDS);
        CallOptions options = deadline == null ? CallOptions.DEFAULT : CallOptions.DEFAULT.withDeadline(deadline);
        LOG.debugf("gid=%s invoking branch %s branch_id=%s op=%s", branch.gid(), url, branch.branchId(),
                branch.op());
        Channel withMd = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(md));
        byte[] request = payload == null ? new byte[0] : payload;
        return retry.call("gid=" + branch.gid() + " branch " + url + " op " + branch.op(), deadline,
                () -> ClientCalls.blockingUnaryCall(withMd, method, options, request));
    }

    private static final class BytesMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}

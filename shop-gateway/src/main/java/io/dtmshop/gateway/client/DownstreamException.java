package io.dtmshop.gateway.client;

import io.grpc.Status;

/**
 * A call to a service behind the gateway did not return a result.
 * <p>
 * Carries the service's name, so that the answer can say what could not be reached, and the
 * failure as a gRPC {@link Status}: the services speak gRPC, and DTM's HTTP failures are expressed
 * in the same terms so that one mapping turns them all into HTTP answers.
 */
public class DownstreamException extends RuntimeException {

    private final String service;
    private final transient Status status;

    public DownstreamException(String service, Status status) {
        // not status.toString(): it embeds the cause's whole stack trace
        super(service + ": " + status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription()),
                status.getCause());
        this.service = service;
        this.status = status;
    }

    /** The name the service was looked up by, e.g. {@code stock-service}. */
    public String service() {
        return service;
    }

    public Status status() {
        return status;
    }
}

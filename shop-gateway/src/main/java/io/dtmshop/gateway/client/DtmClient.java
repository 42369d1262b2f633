package io.dtmshop.gateway.client;

import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** DTM's view of a global transaction, read over its HTTP API. */
@ApplicationScoped
public class DtmClient {

    private static final String SERVICE = "DTM";
    /** How often a read is sent at most, to one DTM server after the other. */
    private static final int ATTEMPTS = 3;

    @Inject
    @RestClient
    DtmHttpApi api;

    @ConfigProperty(name = "dtmshop.dtm.http-url")
    String url;

    /** Empty when DTM does not know the gid. */
    public Optional<DtmHttpApi.QueryResult> query(String gid) {
        DtmHttpApi.QueryResult result = call(() -> api.query(gid));
        return result == null || result.transaction() == null ? Optional.empty() : Optional.of(result);
    }

    /** DTM's transactions with this status (prepared, submitted, aborting, ...), at most {@code limit}. */
    public List<DtmHttpApi.Transaction> transactions(String status, int limit) {
        DtmHttpApi.ListResult result = call(() -> api.all(status, limit));
        return result == null || result.transactions() == null ? List.of() : result.transactions();
    }

    /**
     * Runs a read of DTM's HTTP API. A server that could not be reached (a {@link ProcessingException}:
     * refused, reset, timed out) is followed by the next one Stork picks ({@link #ATTEMPTS} in all,
     * 100 and 200 ms apart): reads are safe to repeat, and a DTM server that died leaves Consul's
     * passing set within about 2 s.
     */
    private <T> T call(Supplier<T> call) {
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return call.get();
                } catch (ProcessingException e) {
                    if (attempt >= ATTEMPTS) {
                        throw e;
                    }
                    Thread.sleep(100L << (attempt - 1));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DownstreamException(SERVICE, Status.CANCELLED.withDescription("interrupted").withCause(e));
        } catch (ProcessingException e) {
            // connection refused, timeout: DTM could not be reached at all
            throw new DownstreamException(SERVICE, Status.UNAVAILABLE
                    .withDescription("no answer from " + url + ": " + e.getMessage()).withCause(e));
        } catch (WebApplicationException e) {
            throw new DownstreamException(SERVICE, Status.INTERNAL
                    .withDescription("DTM answered HTTP " + e.getResponse().getStatus()).withCause(e));
        }
    }
}

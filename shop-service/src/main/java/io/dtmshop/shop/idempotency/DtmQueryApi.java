package io.dtmshop.shop.idempotency;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * DTM's HTTP query of one global transaction ({@code GET /api/dtmsvr/query?gid=}, dtmsvr/api_http.go
 * {@code query}). DTM v1.19.0 has no query over gRPC, and registers only its gRPC endpoint in Consul;
 * its HTTP API is registered beside it as {@code dtm-http} (scripts/stack.sh, docker-compose.yml),
 * which Stork finds ({@code quarkus.rest-client.dtm.url=stork://dtm-http}), one DTM server after
 * the other.
 */
@RegisterRestClient(configKey = "dtm")
@Path("/api/dtmsvr")
public interface DtmQueryApi {

    /** Never fails for an unknown gid: DTM answers {@code {"branches":[],"transaction":null}}. */
    @GET
    @Path("/query")
    QueryResult query(@QueryParam("gid") String gid);

    /**
     * {@link #query}, asked again - of the next DTM server Stork picks - when the one asked could not
     * be reached (a {@link ProcessingException}: refused, reset, timed out): a read, safe to repeat.
     * 3 attempts, 100 and 200 ms apart: a DTM server that died leaves Consul within about 2 s, and
     * meanwhile every other request goes to another server.
     */
    default QueryResult queryAnyServer(String gid) {
        for (int attempt = 1; ; attempt++) {
            try {
                return query(gid);
            } catch (ProcessingException e) {
                if (attempt >= 3) {
                    throw e;
                }
                try {
                    Thread.sleep(100L << (attempt - 1));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record QueryResult(Transaction transaction) {
    }

    /** DTM's trans_global row: status prepared, submitted, aborting, succeed or failed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Transaction(String gid, String status, @JsonProperty("rollback_reason") String rollbackReason) {
    }
}

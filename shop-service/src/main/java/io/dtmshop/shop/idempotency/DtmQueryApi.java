package io.dtmshop.shop.idempotency;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * DTM's HTTP query of one global transaction ({@code GET /api/dtmsvr/query?gid=}, dtmsvr/api_http.go
 * {@code query}). DTM v1.19.0 has no query over gRPC, and registers only its gRPC endpoint in Consul,
 * so this client has a configured address ({@code quarkus.rest-client.dtm.url}).
 */
@RegisterRestClient(configKey = "dtm")
@Path("/api/dtmsvr")
public interface DtmQueryApi {

    /** Never fails for an unknown gid: DTM answers {@code {"branches":[],"transaction":null}}. */
    @GET
    @Path("/query")
    QueryResult query(@QueryParam("gid") String gid);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record QueryResult(Transaction transaction) {
    }

    /** DTM's trans_global row: status prepared, submitted, aborting, succeed or failed. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Transaction(String gid, String status, @JsonProperty("rollback_reason") String rollbackReason) {
    }
}

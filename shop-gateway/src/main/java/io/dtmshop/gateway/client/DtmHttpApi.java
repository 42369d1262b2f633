package io.dtmshop.gateway.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/**
 * The calls of DTM's HTTP API the gateway makes. Base URL: {@code quarkus.rest-client.dtm.url}.
 * <p>
 * DTM registers only its gRPC endpoint in Consul; each DTM server's HTTP API is registered beside it
 * as {@code dtm-http}, which Stork resolves ({@code stork://dtm-http}, see application.properties).
 */
@RegisterRestClient(configKey = "dtm")
@Path("/api/dtmsvr")
public interface DtmHttpApi {

    /** Never fails for an unknown gid: DTM answers {@code {"branches":[],"transaction":null}}. */
    @GET
    @Path("/query")
    QueryResult query(@QueryParam("gid") String gid);

    /** DTM's transactions with this status, at most {@code limit} of them. */
    @GET
    @Path("/all")
    ListResult all(@QueryParam("status") String status, @QueryParam("limit") int limit);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListResult(List<Transaction> transactions) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record QueryResult(Transaction transaction, List<Branch> branches) {
    }

    /** DTM's trans_global row, the fields the gateway shows. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Transaction(
            String gid,
            @JsonProperty("trans_type") String transType,
            String status,
            @JsonProperty("rollback_reason") String rollbackReason,
            @JsonProperty("create_time") String createTime,
            @JsonProperty("finish_time") String finishTime) {
    }

    /** DTM's trans_branch_op row, the fields the gateway shows. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Branch(
            @JsonProperty("branch_id") String branchId,
            String op,
            String status,
            String url) {
    }
}

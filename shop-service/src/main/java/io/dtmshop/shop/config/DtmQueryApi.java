package io.dtmshop.shop.config;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.Map;

/**
 * DTM's HTTP API where it has no gRPC counterpart (dtmsvr/api_http.go): the query of one global
 * transaction ({@code GET /api/dtmsvr/query?gid=}), the list of transactions in one status
 * ({@code GET /api/dtmsvr/all}), and the reset of one transaction's next retry
 * ({@code POST /api/dtmsvr/resetNextCronTime}). DTM v1.19.0 registers only its gRPC endpoint in Consul;
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

    /**
     * One page of the transactions in {@code status}, newest first ({@code limit} of them, from below
     * {@code position}, the previous page's {@code next_position}; empty for the first page). The last
     * page answers an empty {@code next_position}.
     */
    @GET
    @Path("/all")
    ListResult all(@QueryParam("status") String status, @QueryParam("limit") int limit,
                   @QueryParam("position") String position);

    /**
     * Makes DTM's cron take the transaction up at once instead of at its next retry (for a
     * workflow: call it back). DTM answers {@code {"dtm_result":"SUCCESS"}}.
     */
    @POST
    @Path("/resetNextCronTime")
    @Consumes(MediaType.APPLICATION_JSON)
    String resetNextCronTime(Map<String, String> gid);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record QueryResult(Transaction transaction) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ListResult(List<Transaction> transactions, @JsonProperty("next_position") String nextPosition) {
    }

    /**
     * DTM's trans_global row: status prepared, submitted, aborting, succeed or failed; trans_type
     * saga, tcc, xa, msg or workflow; options the transaction's options as DTM stored them, a JSON
     * text (its {@code branch_headers} among them).
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Transaction(String gid, String status, @JsonProperty("rollback_reason") String rollbackReason,
                       @JsonProperty("trans_type") String transType, String options) {
    }
}

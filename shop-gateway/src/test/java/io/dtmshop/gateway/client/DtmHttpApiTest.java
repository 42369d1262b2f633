package io.dtmshop.gateway.client;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DTM's JSON, as DTM v1.19 answers GET /api/dtmsvr/query, read into the client's records. */
class DtmHttpApiTest {

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void readsAKnownTransaction() throws Exception {
        String body = """
                {"branches":[{"id":11,"create_time":"2026-11-24T06:35:08Z","update_time":"2026-11-24T06:35:08Z",
                  "gid":"g1","url":"discovery:///stock-service/stock.v1.StockService/DeductStock",
                  "bin_data":"eyJ9","branch_id":"01","op":"action","status":"failed",
                  "finish_time":"2026-11-24T06:35:08Z"}],
                 "transaction":{"id":4,"create_time":"2026-11-24T06:35:08Z","update_time":"2026-11-24T06:35:08Z",
                  "gid":"g1","trans_type":"saga","status":"aborting","protocol":"grpc",
                  "rollback_reason":"not enough stock","options":"{}","next_cron_interval":20,
                  "next_cron_time":"2026-11-24T06:35:28Z","concurrent":false}}
                """;

        DtmHttpApi.QueryResult result = json.readValue(body, DtmHttpApi.QueryResult.class);

        assertEquals(new DtmHttpApi.Transaction("g1", "saga", "aborting", "not enough stock",
                "2026-11-24T06:35:08Z", null), result.transaction());
        assertEquals(new DtmHttpApi.Branch("01", "action", "failed",
                "discovery:///stock-service/stock.v1.StockService/DeductStock"), result.branches().get(0));
    }

    @Test
    void anUnknownGidHasNoTransaction() throws Exception {
        DtmHttpApi.QueryResult result = json.readValue("{\"branches\":[],\"transaction\":null}",
                DtmHttpApi.QueryResult.class);

        assertNull(result.transaction());
        assertTrue(result.branches().isEmpty());
    }
}

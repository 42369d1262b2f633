package io.dtmshop.dtm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads DTM's HTTP query API (DTM v1.19.0 has no query over gRPC: dtmsvr/api_http.go). DTM
 * registers only its gRPC endpoint in Consul, so the HTTP address is configured, e.g.
 * {@code http://127.0.0.1:36789}. JDK HttpClient and Jackson, nothing else.
 */
public final class DtmHttpReader {

    /** DTM's statuses of a transaction it has not finished, in the order a transaction moves through them. */
    public static final List<String> UNFINISHED = List.of("prepared", "submitted", "aborting");
    /** Transactions per request of {@code /api/dtmsvr/all}. */
    static final int PAGE = 500;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /**
     * @param base    DTM's HTTP address, e.g. {@code http://127.0.0.1:36789}
     * @param timeout for each request
     */
    public DtmHttpReader(URI base, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** More unfinished transactions than the caller can hold. */
    public static final class TooManyUnfinishedException extends Exception {
        public TooManyUnfinishedException(int atMost) {
            super("DTM holds more than " + atMost + " unfinished transactions");
        }
    }

    /**
     * Every gid DTM holds {@code prepared}, {@code submitted} or {@code aborting}, read status after
     * status in that order, each paged with {@code next_position} ({@code GET /api/dtmsvr/all}).
     *
     * @param atMost the most gids the caller takes
     * @throws TooManyUnfinishedException DTM lists more than {@code atMost}
     * @throws IOException DTM did not answer, or not with its JSON
     */
    public Set<String> unfinishedGids(int atMost) throws IOException, InterruptedException, TooManyUnfinishedException {
        Set<String> gids = new HashSet<>();
        for (String status : UNFINISHED) {
            String position = "";
            do {
                JsonNode page = get("/api/dtmsvr/all?status=" + status + "&limit=" + PAGE
                        + (position.isEmpty() ? "" : "&position=" + URLEncoder.encode(position, StandardCharsets.UTF_8)));
                for (JsonNode transaction : page.path("transactions")) {
                    gids.add(transaction.path("gid").asText());
                    if (gids.size() > atMost) {
                        throw new TooManyUnfinishedException(atMost);
                    }
                }
                String next = page.path("next_position").asText("");
                if (!next.isEmpty() && next.equals(position)) {
                    throw new IOException("DTM answered the same next_position twice: " + next);
                }
                position = next;
            } while (!position.isEmpty());
        }
        return gids;
    }

    /** DTM's status of a gid ({@code GET /api/dtmsvr/query}); empty when DTM does not know it. */
    public Optional<String> status(String gid) throws IOException, InterruptedException {
        JsonNode transaction = get("/api/dtmsvr/query?gid=" + URLEncoder.encode(gid, StandardCharsets.UTF_8))
                .path("transaction");
        return transaction.isObject() ? Optional.of(transaction.path("status").asText()) : Optional.empty();
    }

    private JsonNode get(String pathAndQuery) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(timeout).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("DTM answered HTTP " + response.statusCode() + " to GET " + pathAndQuery + ": "
                    + response.body());
        }
        return JSON.readTree(response.body());
    }
}

package io.dtmshop.gateway.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The answers a request gets for its form rather than its content - wrong method, media type,
 * size - carry the usual ErrorResponse body, and match the OpenAPI document where an operation was
 * addressed. Runs without Consul: a request that got through answers 503.
 */
@QuarkusTest
class ProtocolErrorsTest {

    private static final String PURCHASE = "{\"userId\":1,\"productId\":1,\"quantity\":1}";

    @ConfigProperty(name = "dtmshop.gateway.max-uri-length")
    int maxUriLength;
    @Inject
    ObjectMapper json;
    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;
    @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length")
    int maxRequestLine;
    @TestHTTPResource("/")
    URI root;

    @Test
    void wrongMethodIs405WithAllowAndTheErrorBody() {
        assertNotAllowed("GET", "/shop/saga", Set.of("OPTIONS", "POST"));
        assertNotAllowed("HEAD", "/shop/xa", Set.of("OPTIONS", "POST"));
        assertNotAllowed("PUT", "/shop/products/1", Set.of("GET", "HEAD", "OPTIONS"));
        assertNotAllowed("DELETE", "/shop/audit", Set.of("GET", "HEAD", "OPTIONS"));
    }

    private void assertNotAllowed(String method, String path, Set<String> allowed) {
        Response response = given().contentType("application/json").body("{}").request(method, path);
        response.then().statusCode(405);
        assertEquals(allowed, methods(response.header("Allow")), method + " " + path);
        if (!method.equals("HEAD")) {
            response.then().contentType("application/json")
                    .body("status", equalTo("rejected"))
                    .body("message", containsString(method + " is not allowed on " + path));
        }
    }

    /**
     * OPTIONS lists exactly the methods the document has for the path (HEAD with GET, and OPTIONS),
     * and none of them answers 405. Quarkus REST listed GET, HEAD and POST for every /shop path.
     */
    @Test
    void optionsListsOnlyMethodsThatAnswer() {
        Map<String, Map<String, Object>> paths = new JsonPath(OpenApiContract.document()).getMap("paths");
        assertTrue(paths.size() >= 10, "the document's paths: " + paths.keySet());
        paths.forEach((template, operations) -> {
            String path = template.replaceAll("\\{[^}]+}", "1");
            Set<String> expected = new TreeSet<>(operations.keySet().stream()
                    .map(String::toUpperCase).collect(Collectors.toSet()));
            if (expected.contains("GET")) {
                expected.add("HEAD");
            }
            expected.add("OPTIONS");
            Response options = given().options(path);
            options.then().statusCode(200);
            Set<String> allowed = methods(options.header("Allow"));
            assertEquals(expected, allowed, "OPTIONS " + path);
            for (String method : allowed) {
                assertNotEquals(405, given().contentType("application/json").body(PURCHASE)
                        .request(method, path).statusCode(), method + " " + path + " is listed by OPTIONS");
            }
        });
    }

    @Test
    void optionsOfAnUnknownPathIsNotFound() {
        given().options("/shop/nothing-here")
                .then().statusCode(404)
                .body("status", equalTo("not_found"));
    }

    @Test
    void acceptWithoutJsonIs406WithTheErrorBody() {
        given().filter(OpenApiContract.answersOnly()).contentType("application/json").accept("text/html")
                .body(PURCHASE).post("/shop/saga")
                .then().statusCode(406).contentType("application/json")
                .body("status", equalTo("rejected"))
                .body("message", containsString("text/html"));
        given().filter(OpenApiContract.answersOnly()).accept("application/xml").get("/shop/products/1")
                .then().statusCode(406).body("status", equalTo("rejected"));
    }

    @Test
    void aBodyThatIsNotJsonIs415WithTheErrorBody() {
        given().filter(OpenApiContract.answersOnly()).contentType("text/plain").body(PURCHASE).post("/shop/tcc")
                .then().statusCode(415).contentType("application/json")
                .body("status", equalTo("rejected"))
                .body("message", containsString("application/json"));
    }

    /** The limit is inclusive: a body of exactly max-body-size bytes is read (and answered 503 here). */
    @Test
    void aBodyOverTheLimitIs413WithTheErrorBody() {
        int limit = Math.toIntExact(maxBodySize.asLongValue());
        given().filter(OpenApiContract.answersOnly()).contentType("application/json").body(padded(limit))
                .post("/shop/saga")
                .then().statusCode(503);
        given().filter(OpenApiContract.answersOnly()).contentType("application/json").body(padded(limit + 1))
                .post("/shop/saga")
                .then().statusCode(413).contentType("application/json")
                .header("Connection", "close")
                .body("status", equalTo("rejected"))
                .body("message", containsString(String.valueOf(limit)));
    }

    /**
     * A client that offers HTTP/2 - the JDK's HttpClient does by default, asking to upgrade a plain
     * connection (h2c) - gets the same answer as over HTTP/1.1. Over HTTP/2 every request with a
     * body answered 500 "Request has already been read": Quarkus REST pauses a request that
     * RequestLimits' BodyHandler has already read to its end, which Vert.x's HTTP/2 request refuses.
     */
    @Test
    void aClientOfferingHttp2GetsTheSameAnswer() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(root.resolve("/shop/saga"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"userId\":1,\"productId\":1,\"quantity\":0}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode(), response.body());
        assertEquals("quantity", json.readTree(response.body()).get("field").asText(), response.body());
    }

    /** Without Content-Length the limit is found while reading; Quarkus answered this 413 with no body. */
    @Test
    void aChunkedBodyOverTheLimitIs413WithTheErrorBody() throws Exception {
        byte[] body = padded(Math.toIntExact(maxBodySize.asLongValue()) + 1).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(root.resolve("/shop/saga"))
                        .header("Content-Type", "application/json")
                        // an InputStream has no length: the client sends the body chunked
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        JsonNode error = json.readTree(response.body());
        assertEquals("rejected", error.get("status").asText());
        assertTrue(error.get("message").asText().contains("larger than"), response.body());
    }

    @Test
    void anUnknownExpectationIs417WithTheErrorBody() {
        given().filter(OpenApiContract.answersOnly()).contentType("application/json").header("Expect", "magic")
                .body(PURCHASE).post("/shop/saga")
                .then().statusCode(417).contentType("application/json")
                .body("status", equalTo("rejected"));
    }

    /** The limit is inclusive: a URI of exactly max-uri-length characters is served (400: too long for an order number). */
    @Test
    void aUriOverTheLimitIs414WithTheErrorBody() {
        String prefix = "/shop/orders/";
        given().filter(OpenApiContract.answersOnly()).urlEncodingEnabled(false)
                .get(prefix + "a".repeat(maxUriLength - prefix.length()))
                .then().statusCode(400).body("field", equalTo("orderNo"));
        given().filter(OpenApiContract.answersOnly()).urlEncodingEnabled(false)
                .get(prefix + "a".repeat(maxUriLength - prefix.length() + 1))
                .then().statusCode(414).contentType("application/json")
                .body("status", equalTo("rejected"))
                .body("message", containsString(String.valueOf(maxUriLength)));
    }

    /**
     * The documented bound of what cannot get a body: Vert.x's HTTP decoder answers a request line
     * (method, URI, version) longer than max-initial-line-length bytes itself, 414 with an empty
     * body, before any handler runs (see RequestLimits). One byte less reaches the gateway, whose
     * URI check answers with the body.
     */
    @Test
    void aRequestLineOverTheDecoderLimitIs414WithoutABody() throws IOException {
        RawAnswer atTheLimit = rawGet(maxRequestLine);
        assertEquals(414, atTheLimit.status());
        assertTrue(atTheLimit.body().contains("\"status\":\"rejected\""), atTheLimit.body());

        RawAnswer overTheLimit = rawGet(maxRequestLine + 1);
        assertEquals(414, overTheLimit.status());
        assertEquals("", overTheLimit.body());
    }

    private record RawAnswer(int status, String body) {
    }

    /** GET with a request line of exactly {@code lineLength} bytes (without CRLF), over a plain socket. */
    private RawAnswer rawGet(int lineLength) throws IOException {
        String prefix = "GET /shop/orders/";
        String version = " HTTP/1.1";
        String line = prefix + "a".repeat(lineLength - prefix.length() - version.length()) + version;
        assertEquals(lineLength, line.length());
        try (Socket socket = new Socket(root.getHost(), root.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write((line + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String statusLine = answer.substring(0, answer.indexOf("\r\n"));
            return new RawAnswer(Integer.parseInt(statusLine.split(" ")[1]),
                    answer.substring(answer.indexOf("\r\n\r\n") + 4));
        }
    }

    /** A valid purchase, padded with spaces to {@code length} bytes. */
    private static String padded(int length) {
        return PURCHASE + " ".repeat(length - PURCHASE.length());
    }

    private static Set<String> methods(String allow) {
        return allow == null ? Set.of() : Arrays.stream(allow.split(","))
                .map(String::trim).filter(m -> !m.isEmpty()).collect(Collectors.toCollection(TreeSet::new));
    }
}

package io.dtmshop.it.dtmclient;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import java.util.List;
import java.util.Map;

/**
 * DTM's own view of a global transaction, from its HTTP query API
 * ({@code GET /api/dtmsvr/query?gid=...}): what DTM stored, not what the client believes it sent.
 */
public final class DtmHttp {

    /** DTM's HTTP port on the stack (its gRPC port is what Consul lists as dtm-service). */
    public static final String URL = System.getProperty("dtm.http.url", "http://127.0.0.1:36789");

    private DtmHttp() {
    }

    public static JsonPath query(String gid) {
        return RestAssured.given().baseUri(URL).queryParam("gid", gid).get("/api/dtmsvr/query")
                .then().statusCode(200).extract().jsonPath();
    }

    /** The transaction's status (prepared, submitted, aborting, succeed, failed), null when DTM has none. */
    public static String status(String gid) {
        return query(gid).getString("transaction.status");
    }

    public static String transaction(String gid, String field) {
        return query(gid).getString("transaction." + field);
    }

    /** Each branch as "branch_id op status", in DTM's order. */
    public static List<String> branches(String gid) {
        List<Map<String, Object>> branches = query(gid).getList("branches");
        return branches.stream().map(b -> b.get("branch_id") + " " + b.get("op") + " " + b.get("status")).toList();
    }

    /** DTM's list of transactions with this status and type ({@code GET /api/dtmsvr/all}), each as DTM stores it. */
    public static List<Map<String, Object>> transactions(String status, String transType) {
        List<Map<String, Object>> list = RestAssured.given().baseUri(URL)
                .queryParam("status", status).queryParam("transType", transType).queryParam("limit", 1000)
                .get("/api/dtmsvr/all").then().statusCode(200).extract().jsonPath().getList("transactions");
        return list == null ? List.of() : list;
    }

    public static boolean finished(String status) {
        return "succeed".equals(status) || "failed".equals(status);
    }
}

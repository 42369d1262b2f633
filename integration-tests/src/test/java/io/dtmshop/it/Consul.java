package io.dtmshop.it;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Consul's health API says about a service: its healthy instances. */
public final class Consul {

    /** How Consul reports an HTTP check: "HTTP GET http://host:port/path: 200 OK Output: ...". */
    private static final Pattern HTTP_CHECK_OUTPUT = Pattern.compile("HTTP GET (http://[^/\\s]+)/");

    private Consul() {
    }

    /** The Service part of each instance whose checks pass. */
    public static List<Map<String, Object>> healthyInstances(String service) {
        JsonPath body = RestAssured.given().baseUri(Stack.CONSUL_URL).queryParam("passing", true)
                .get("/v1/health/service/" + service)
                .then().statusCode(200).extract().jsonPath();
        return body.getList("Service");
    }

    /** host:port of a healthy instance, as Stork would pick it. */
    public static String address(String service) {
        List<Map<String, Object>> instances = healthyInstances(service);
        if (instances.isEmpty()) {
            throw new IllegalStateException(service + " has no healthy instance in Consul");
        }
        Map<String, Object> instance = instances.get(0);
        return instance.get("Address") + ":" + instance.get("Port");
    }

    /**
     * http://host:port of a service's HTTP server (health, metrics). The registration carries only
     * the gRPC endpoint; the HTTP one is in the output of the check Consul runs against it, which
     * reads "HTTP GET http://host:port/q/health/live: 200 OK Output: ...".
     */
    public static String httpBase(String service) {
        List<String> outputs = RestAssured.given().baseUri(Stack.CONSUL_URL).get("/v1/health/checks/" + service)
                .then().statusCode(200).extract().jsonPath().getList("Output", String.class);
        return outputs.stream().map(HTTP_CHECK_OUTPUT::matcher).filter(Matcher::find).map(m -> m.group(1)).findFirst()
                .orElseThrow(() -> new IllegalStateException(service + " has no HTTP check output in Consul: " + outputs));
    }
}

package io.dtmshop.it;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import java.util.List;
import java.util.Map;

/** What Consul's health API says about a service: its healthy instances. */
public final class Consul {

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
     * http://host:port of a service's HTTP server (health, metrics), from the URL Consul polls for
     * its health: the registration carries only the gRPC endpoint.
     */
    public static String httpBase(String service) {
        List<String> urls = RestAssured.given().baseUri(Stack.CONSUL_URL).get("/v1/health/checks/" + service)
                .then().statusCode(200).extract().jsonPath().getList("Definition.HTTP", String.class);
        String url = urls.stream().filter(u -> u != null && !u.isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException(service + " has no HTTP health check in Consul"));
        return url.substring(0, url.indexOf('/', "http://".length()));
    }
}

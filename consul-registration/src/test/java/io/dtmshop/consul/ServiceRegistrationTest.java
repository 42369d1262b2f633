package io.dtmshop.consul;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class ServiceRegistrationTest {

    private final ServiceRegistration stock = new ServiceRegistration(
            ServiceRegistration.idOf("stock-service", "127.0.0.1", 9011), "stock-service", "127.0.0.1", 9011,
            "grpc", "1.0.0", "http://127.0.0.1:8011/q/health/live", "http://127.0.0.1:8011/q/health/started",
            "2s", "30s", "0b5c7d9e-incarnation");

    @Test
    void taggedAddressIsTheSchemeUrlDtmsKratosResolverReads() {
        Map<String, Object> body = stock.toAgentBody();
        assertEquals(Map.of("grpc", Map.of("Address", "grpc://127.0.0.1:9011", "Port", 9011)),
                body.get("TaggedAddresses"));
    }

    @Test
    void plainAddressAndPortAreWhatStorkReads() {
        Map<String, Object> body = stock.toAgentBody();
        assertEquals("127.0.0.1", body.get("Address"));
        assertEquals(9011, body.get("Port"));
        assertEquals("stock-service-127.0.0.1-9011", body.get("ID"));
        assertEquals(List.of("version=1.0.0"), body.get("Tags"));
        assertEquals(Map.of("scheme", "grpc", "incarnation", "0b5c7d9e-incarnation"), body.get("Meta"));
    }

    @Test
    void livenessCheckPollsTheHealthUrlAndIsRemovedWhenLongCritical() {
        Map<String, Object> check = checks().get(0);
        assertEquals("http://127.0.0.1:8011/q/health/live", check.get("HTTP"));
        assertEquals("30s", check.get("DeregisterCriticalServiceAfter"));
        assertEquals("service:stock-service-127.0.0.1-9011", check.get("CheckID"));
    }

    @Test
    void startedCheckPollsTheWarmUpAndNeverDeregisters() {
        Map<String, Object> check = checks().get(1);
        assertEquals("http://127.0.0.1:8011/q/health/started", check.get("HTTP"));
        assertEquals("service:stock-service-127.0.0.1-9011:started", check.get("CheckID"));
        assertEquals("2s", check.get("Interval"));
        assertFalse(check.containsKey("DeregisterCriticalServiceAfter"));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> checks() {
        List<Map<String, Object>> checks = (List<Map<String, Object>>) stock.toAgentBody().get("Checks");
        assertEquals(2, checks.size());
        return checks;
    }
}

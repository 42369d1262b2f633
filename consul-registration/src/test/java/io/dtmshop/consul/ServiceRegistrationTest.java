package io.dtmshop.consul;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ServiceRegistrationTest {

    private final ServiceRegistration stock = new ServiceRegistration(
            ServiceRegistration.idOf("stock-service", "127.0.0.1", 9011), "stock-service", "127.0.0.1", 9011,
            "grpc", "1.0.0", "http://127.0.0.1:8011/q/health/live", "2s", "30s");

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
    }

    @Test
    void healthCheckPollsTheHealthUrlAndIsRemovedWhenLongCritical() {
        @SuppressWarnings("unchecked")
        Map<String, Object> check = (Map<String, Object>) stock.toAgentBody().get("Check");
        assertEquals("http://127.0.0.1:8011/q/health/live", check.get("HTTP"));
        assertEquals("30s", check.get("DeregisterCriticalServiceAfter"));
        assertEquals("service:stock-service-127.0.0.1-9011", check.get("CheckID"));
    }
}

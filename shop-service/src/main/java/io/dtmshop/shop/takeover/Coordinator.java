package io.dtmshop.shop.takeover;

import java.util.Map;
import java.util.Optional;

/**
 * The shop-service process that began a transaction - its coordinator, in DTM's terms the
 * application that prepares and then submits or aborts it. It travels with the transaction as one
 * of its branch headers ({@link #HEADER}), which DTM v1.19.0 stores with the transaction (its
 * {@code options}, listed by {@code GET /api/dtmsvr/all}) and sends with every branch call it makes.
 *
 * @param serviceId   the process's Consul service ID (one per address and port)
 * @param incarnation the random value it registered under that ID at its start (consul-registration's
 *                    {@code ServiceRegistration#incarnation}): a restarted process has a new one
 */
public record Coordinator(String serviceId, String incarnation) {

    /** The branch header that names the coordinator: {@code "<serviceId> <incarnation>"}. */
    public static final String HEADER = "dtmshop-coordinator";

    public String headerValue() {
        return serviceId + " " + incarnation;
    }

    /** The coordinator named in a transaction's branch headers; empty when none is (e.g. a Go client's transaction). */
    public static Optional<Coordinator> of(Map<String, String> branchHeaders) {
        String value = branchHeaders.get(HEADER);
        int space = value == null ? -1 : value.indexOf(' ');
        if (space <= 0 || space == value.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(new Coordinator(value.substring(0, space), value.substring(space + 1)));
    }
}

package io.dtmshop.gateway.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The answer of GET /shop/audit: every invariant the audit checked, and whether all hold. */
@Schema(description = "The consistency audit: invariants computed from the three services' data and DTM")
public record AuditReport(
        @Schema(required = true, description = "true when every check holds") boolean consistent,
        @Schema(required = true) List<Check> checks) {

    public static AuditReport of(List<Check> checks) {
        return new AuditReport(checks.stream().allMatch(Check::ok), checks);
    }

    @Schema(description = "One invariant")
    public record Check(
            @Schema(required = true, examples = "stock") String name,
            @Schema(required = true) boolean ok,
            @Schema(required = true, description = "What was checked, or where it does not hold") String detail) {
    }
}

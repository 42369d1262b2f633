package io.dtmshop.gateway.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** DTM's record of one global transaction, trimmed to what explains a purchase. */
@Schema(description = "A DTM global transaction and its branches")
public record TransactionView(
        String gid,
        @Schema(examples = "saga") String transType,
        @Schema(description = "prepared, submitted, succeed, failed or aborting") String status,
        @Schema(description = "Why DTM rolled it back, when it did") String rollbackReason,
        String createTime,
        String finishTime,
        List<Branch> branches) {

    @Schema(description = "One branch operation DTM called (or will call)")
    public record Branch(
            @Schema(examples = "01") String branchId,
            @Schema(description = "action, compensate, try, confirm, cancel, msg, ...") String op,
            @Schema(description = "prepared, succeed or failed") String status,
            @Schema(description = "Where DTM sends the branch call") String url) {
    }
}

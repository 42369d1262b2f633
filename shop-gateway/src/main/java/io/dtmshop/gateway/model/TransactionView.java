package io.dtmshop.gateway.model;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * DTM's record of one global transaction, trimmed to what explains a purchase. DTM leaves empty
 * fields out of its answer (omitempty in dtmsvr/storage/trans.go of DTM v1.19.0), and the gateway
 * passes those on as null: the fields DTM may leave empty are nullable (the others DTM always
 * fills for a transaction it knows).
 */
@Schema(description = "A DTM global transaction and its branches")
public record TransactionView(
        @Schema(required = true) String gid,
        @Schema(required = true, examples = "saga") String transType,
        @Schema(required = true, description = "prepared, submitted, succeed, failed or aborting") String status,
        @Schema(required = true, nullable = true, description = "Why DTM rolled it back; null when there is no reason")
        String rollbackReason,
        @Schema(required = true, nullable = true, description = "As DTM reports it; null when DTM has none")
        String createTime,
        @Schema(required = true, nullable = true, description = "As DTM reports it; null while unfinished")
        String finishTime,
        @Schema(required = true) List<Branch> branches) {

    @Schema(description = "One branch operation DTM called (or will call)")
    public record Branch(
            @Schema(required = true, examples = "01") String branchId,
            @Schema(required = true, description = "action, compensate, try, confirm, cancel, msg, ...") String op,
            @Schema(required = true, description = "prepared, succeed or failed") String status,
            @Schema(required = true, nullable = true,
                    description = "Where DTM sends the branch call; null when DTM recorded none")
            String url) {
    }
}

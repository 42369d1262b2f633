package io.dtmshop.dtm.workflow;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.dtm.DtmGrpcErrors;
import java.nio.charset.StandardCharsets;

/**
 * The outcome of one recorded step (Go: {@code workflow.stepResult}): an action, a commit or a
 * rollback of one branch.
 *
 * @param status {@code "succeed"} or {@code "failed"} - an outcome worth recording with DTM - or
 *        {@code ""}: unknown (a timeout, a service down), which is not recorded, so a resumed
 *        workflow runs the step again
 * @param data the reply when succeeded; the failure message when failed
 * @param error null when succeeded
 */
record StepResult(String status, byte[] data, RuntimeException error) {

    static final String SUCCEED = "succeed";
    static final String FAILED = "failed";

    StepResult {
        data = data == null ? new byte[0] : data;
    }

    /** Go {@code stepResultFromLocal}: the status follows from the error. */
    static StepResult of(byte[] data, RuntimeException error) {
        if (error == null) {
            return new StepResult(SUCCEED, data, null);
        }
        if (DtmGrpcErrors.isFailure(error)) {
            return new StepResult(FAILED, String.valueOf(error.getMessage()).getBytes(StandardCharsets.UTF_8), error);
        }
        return new StepResult("", null, error);
    }

    /** A step as DTM gave it back in PrepareWorkflow's progress. */
    static StepResult restored(String status, byte[] data) {
        if (FAILED.equals(status)) {
            return new StepResult(status, data, new DtmFailureException(new String(data, StandardCharsets.UTF_8)));
        }
        return new StepResult(status, data, null);
    }

    boolean recordable() {
        return !status.isEmpty();
    }

    /** Go {@code stepResultToLocal}: the reply, or the error thrown. */
    byte[] get() {
        if (error != null) {
            throw error;
        }
        return data;
    }
}

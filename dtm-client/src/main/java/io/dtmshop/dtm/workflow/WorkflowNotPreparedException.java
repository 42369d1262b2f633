package io.dtmshop.dtm.workflow;

import io.dtmshop.dtm.DtmException;

/**
 * DTM did not answer {@code PrepareWorkflow}, so the workflow function did not run. The cause
 * tells whether DTM can have recorded the workflow all the same: when it could not be reached
 * (UNAVAILABLE) it did not; when the call timed out it may have, and then it calls the workflow
 * back and runs it.
 */
public class WorkflowNotPreparedException extends DtmException {

    private static final long serialVersionUID = 1L;

    public WorkflowNotPreparedException(String gid, RuntimeException cause) {
        super("gid=" + gid + " PrepareWorkflow failed: " + cause.getMessage(), cause);
    }
}

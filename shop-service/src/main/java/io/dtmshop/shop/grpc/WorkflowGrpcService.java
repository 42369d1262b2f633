package io.dtmshop.shop.grpc;

import io.dtmshop.dtm.workflow.WorkflowServer;
import io.dtmshop.dtm.workflow.Workflows;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code workflow.Workflow/Execute}: DTM resumes a workflow purchase the shop did not finish (it
 * died half-way, or a step had no clear outcome). The purchase runs again from its first branch;
 * the branches DTM has a record of are skipped.
 */
@GrpcService
@Blocking
public class WorkflowGrpcService extends WorkflowServer {

    public WorkflowGrpcService(Workflows workflows) {
        super(workflows);
    }
}

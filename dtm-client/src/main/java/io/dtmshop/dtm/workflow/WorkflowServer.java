package io.dtmshop.dtm.workflow;

import com.google.protobuf.Empty;
import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.DtmGrpcErrors;
import io.dtmshop.dtm.grpc.gen.WorkflowData;
import io.dtmshop.dtm.grpc.gen.WorkflowGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.jboss.logging.Logger;

/**
 * DTM's callback into a workflow process (Go: {@code workflowServer}): {@code workflow.Workflow/Execute}
 * with the gid in {@code dtm-gid}, the workflow's name in {@code dtm-op} and its data in the body.
 * It executes the workflow like {@link Workflows#execute}: the recorded steps are skipped and the
 * rest runs. Needs {@link io.dtmshop.dtm.DtmBranchServerInterceptor} on the server, which makes the
 * metadata available. The answer follows DTM's convention: OK when the workflow succeeded,
 * ABORTED when it failed (DTM stops calling), anything else makes DTM call again later.
 */
public class WorkflowServer extends WorkflowGrpc.WorkflowImplBase {

    private static final Logger LOG = Logger.getLogger(WorkflowServer.class);

    private final Workflows workflows;

    public WorkflowServer(Workflows workflows) {
        this.workflows = workflows;
    }

    @Override
    public void execute(WorkflowData request, StreamObserver<Empty> response) {
        BranchContext call = BranchContext.current();
        if (call == null || call.op().isEmpty()) {
            response.onError(Status.INVALID_ARGUMENT
                    .withDescription("workflow callback without dtm-gid and dtm-op (the workflow name) metadata")
                    .asRuntimeException());
            return;
        }
        LOG.infof("gid=%s DTM calls workflow %s back", call.gid(), call.op());
        try {
            workflows.execute(call.op(), call.gid(), request.getData().toByteArray());
            response.onNext(Empty.getDefaultInstance());
            response.onCompleted();
        } catch (RuntimeException e) {
            LOG.infof("gid=%s workflow %s callback answers: %s", call.gid(), call.op(), e.toString());
            response.onError(DtmGrpcErrors.toStatusException(e));
        }
    }
}

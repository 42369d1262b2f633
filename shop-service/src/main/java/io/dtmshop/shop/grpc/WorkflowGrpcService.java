package io.dtmshop.shop.grpc;

import com.google.protobuf.Empty;
import io.dtmshop.dtm.grpc.gen.WorkflowData;
import io.dtmshop.dtm.grpc.gen.WorkflowGrpc;
import io.dtmshop.dtm.workflow.WorkflowServer;
import io.dtmshop.dtm.workflow.Workflows;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * {@code workflow.Workflow/Execute}: DTM resumes a workflow purchase the shop did not finish (it
 * died half-way, or a step had no clear outcome). The purchase runs again from its first branch;
 * the branches DTM has a record of are skipped.
 *
 * <p>{@link Blocking}: the workflow calls DTM and the services with blocking stubs, which must not
 * run on the gRPC event loop (there they would wait for the very loop they block). Quarkus finds
 * the methods to run blocking in the generated base, {@code WorkflowGrpc.WorkflowImplBase}: that is
 * why dtm-client carries a Jandex index, and why this class extends the base and hands the call
 * to dtm-client's {@link WorkflowServer}.
 */
@GrpcService
@Blocking
public class WorkflowGrpcService extends WorkflowGrpc.WorkflowImplBase {

    private final WorkflowServer server;

    public WorkflowGrpcService(Workflows workflows) {
        this.server = new WorkflowServer(workflows);
    }

    @Override
    public void execute(WorkflowData request, StreamObserver<Empty> response) {
        server.execute(request, response);
    }
}

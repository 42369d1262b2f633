package io.dtmshop.it.dtmclient;

import io.dtmshop.dtm.barrier.BranchBarrier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For a test class that runs XA branches in this JVM against stock_db ({@code XaLocalTransaction},
 * a workflow's {@code doXa}): they write the JVM's barrier table ({@link BranchBarrier#defaultTableName()}),
 * which is stock-service's own, {@link BranchBarrier#SERVICE_TABLE_NAME}, as in the service - and
 * dtm-client's default, Go's dtm_barrier.barrier, again afterwards.
 */
public class StockBarrierTable implements BeforeAllCallback, AfterAllCallback {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(StockBarrierTable.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NAMESPACE).put("before", BranchBarrier.defaultTableName());
        BranchBarrier.setDefaultTableName(BranchBarrier.SERVICE_TABLE_NAME);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        BranchBarrier.setDefaultTableName(context.getStore(NAMESPACE).get("before", String.class));
    }
}

package io.dtmshop.dtm.workflow;

import io.dtmshop.dtm.DtmGrpcClient;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * The workflows of one process (Go: the {@code workflow} package's {@code InitGrpc},
 * {@code Register} and {@code ExecuteCtx}). Register every workflow at startup, under a name that
 * stays the same across releases: DTM stores the name and calls the workflow back by it.
 *
 * <pre>{@code
 * Workflows workflows = new Workflows(dtm, Workflows.callbackUrl("discovery:///shop-service"));
 * workflows.register("purchase", (wf, data) -> { ...; return null; });
 * workflows.execute("purchase", gid, data);   // and serve new WorkflowServer(workflows)
 * }</pre>
 */
public final class Workflows {

    private static final Logger LOG = Logger.getLogger(Workflows.class);
    /** Full method name of the callback DTM calls: {@code workflow.Workflow/Execute}. */
    public static final String EXECUTE_METHOD = "workflow.Workflow/Execute";

    private record Registered(Workflow.WfFunc fn, List<Consumer<Workflow>> custom) {
    }

    private final DtmGrpcClient dtm;
    private final String callbackUrl;
    private final Map<String, Registered> handlers = new ConcurrentHashMap<>();

    /**
     * Go {@code InitGrpc}.
     *
     * @param dtm the client that talks to DTM and calls branches
     * @param callbackUrl where DTM reaches this process's {@link WorkflowServer}, e.g.
     *        {@code callbackUrl("discovery:///shop-service")}; DTM calls it for a workflow that was
     *        prepared but not finished in time (the process died, or a step had an unknown outcome)
     */
    public Workflows(DtmGrpcClient dtm, String callbackUrl) {
        this.dtm = Objects.requireNonNull(dtm, "dtm");
        this.callbackUrl = Objects.requireNonNull(callbackUrl, "callbackUrl");
    }

    /** Go's {@code clientHost + "/workflow.Workflow/Execute"}. */
    public static String callbackUrl(String clientHost) {
        return clientHost + "/" + EXECUTE_METHOD;
    }

    public String callbackUrl() {
        return callbackUrl;
    }

    /**
     * Go {@code Register2}: a workflow under {@code name}; {@code custom} runs on each execution
     * before it starts (options, timeouts).
     *
     * @throws IllegalStateException a workflow is already registered under the name
     */
    @SafeVarargs
    public final void register(String name, Workflow.WfFunc handler, Consumer<Workflow>... custom) {
        Objects.requireNonNull(handler, "handler");
        if (handlers.putIfAbsent(name, new Registered(handler, List.of(custom))) != null) {
            throw new IllegalStateException("a workflow is already registered as " + name);
        }
        LOG.debugf("workflow %s registered", name);
    }

    /**
     * Go {@code ExecuteCtx}: runs the workflow {@code name} as global transaction {@code gid}: a new
     * one from the start, one DTM already knows from where its record stands; one that already
     * ended answers its outcome without running anything.
     *
     * @return the workflow's result (empty when it returned none, or when it had already succeeded)
     * @throws io.dtmshop.dtm.DtmFailureException the workflow failed and was rolled back (now or before)
     * @throws WorkflowNotPreparedException DTM did not take the workflow; nothing ran
     * @throws RuntimeException any other error: the outcome is open and DTM resumes the workflow later
     * @throws IllegalArgumentException no workflow registered under {@code name}
     */
    public byte[] execute(String name, String gid, byte[] data) {
        Registered registered = handlers.get(name);
        if (registered == null) {
            throw new IllegalArgumentException("workflow '" + name + "' is not registered; register it at startup");
        }
        Workflow wf = new Workflow(dtm, name, gid, data, callbackUrl);
        registered.custom().forEach(c -> c.accept(wf));
        return wf.process(registered.fn(), data);
    }
}

package io.dtmshop.it;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the whole stack once for the test run, before the first IT class, and stops it when the
 * run ends. Every IT class says {@code @ExtendWith(StackExtension.class)}.
 * <ul>
 * <li>MariaDB, Consul and DTM: the local binaries of scripts/install-deps.sh when they are installed
 *     (CI, and anyone who ran the script), else containers through Testcontainers when Docker is
 *     there. {@code -Dstack.infra=binaries|docker} forces one.</li>
 * <li>The five services: always the packaged jars of this build, through scripts/stack.sh.</li>
 * </ul>
 * Each run starts from an empty STACK_DIR, so the demo data is fresh and the figures known.
 */
public class StackExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(RunningStack.class, key -> RunningStack.start(), RunningStack.class);
    }

    /** Closed by JUnit when the root context closes, at the end of the run. */
    static final class RunningStack implements AutoCloseable {

        private final DockerInfrastructure containers;

        private RunningStack(DockerInfrastructure containers) {
            this.containers = containers;
        }

        static RunningStack start() {
            Stack.down();
            Stack.wipe();
            if (Stack.useDocker()) {
                DockerInfrastructure containers = DockerInfrastructure.start();
                try {
                    Stack.up(Stack.SERVICES);
                } catch (RuntimeException e) {
                    containers.close();
                    throw e;
                }
                return new RunningStack(containers);
            }
            Stack.up();
            return new RunningStack(null);
        }

        @Override
        public void close() {
            try {
                Stack.down();
            } finally {
                if (containers != null) {
                    containers.close();
                }
            }
        }
    }
}

package io.dtmshop.it;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/**
 * MariaDB, Consul and DTM as containers, in the same places the local binaries would be.
 * <p>
 * They share the host's network: DTM must reach the services (which run on the host and register
 * 127.0.0.1 in Consul) exactly as in the binary stack, so the tests see one topology whatever
 * starts it. Host networking needs a Linux Docker engine. The image pins are those of
 * docker-compose.yml.
 */
final class DockerInfrastructure implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofMinutes(3);
    private static final Path DEPLOY = Path.of(System.getProperty("stack.deploy-dir", "../deploy"));

    private final List<GenericContainer<?>> containers;

    private DockerInfrastructure(List<GenericContainer<?>> containers) {
        this.containers = containers;
    }

    static DockerInfrastructure start() {
        GenericContainer<?> mariadb = new GenericContainer<>(DockerImageName.parse("mariadb:10.11.18"))
                .withNetworkMode("host")
                .withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1")
                // the databases and the shop user, as docker-compose creates them
                .withCopyFileToContainer(MountableFile.forHostPath(DEPLOY.resolve("mysql/init.sql")),
                        "/docker-entrypoint-initdb.d/01-init.sql")
                // the entrypoint runs a temporary server for the init scripts, then the real one
                .waitingFor(Wait.forLogMessage(".*ready for connections.*", 2).withStartupTimeout(STARTUP));
        GenericContainer<?> consul = new GenericContainer<>(DockerImageName.parse("hashicorp/consul:1.20.6"))
                .withNetworkMode("host")
                .withCommand("agent", "-dev", "-bind=127.0.0.1", "-client=127.0.0.1", "-dns-port=-1")
                .waitingFor(Wait.forLogMessage(".*Consul agent running!.*", 1).withStartupTimeout(STARTUP));
        GenericContainer<?> dtm = new GenericContainer<>(DockerImageName.parse("yedf/dtm:1.19.0"))
                .withNetworkMode("host")
                .withEnv("MICRO_SERVICE_DRIVER", "dtm-driver-kratos")
                .withEnv("MICRO_SERVICE_TARGET", "consul://127.0.0.1:8500/dtm-service")
                .withEnv("MICRO_SERVICE_END_POINT", "grpc://127.0.0.1:36790")
                .withEnv("TRANS_CRON_INTERVAL", "1")
                // DTM's branch-call timeout, as scripts/stack.sh and deploy/dtm/dtm.env set it
                .withEnv("REQUEST_TIMEOUT", "8");
        List<GenericContainer<?>> started = new ArrayList<>();
        DockerInfrastructure infrastructure = new DockerInfrastructure(started);
        try {
            for (GenericContainer<?> container : List.of(mariadb, consul, dtm)) {
                container.start();
                started.add(container);
            }
            await().atMost(STARTUP).ignoreExceptions().until(() -> !Consul.healthyInstances("dtm-service").isEmpty());
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        return infrastructure;
    }

    @Override
    public void close() {
        for (int i = containers.size() - 1; i >= 0; i--) {
            containers.get(i).stop();
        }
    }
}

package io.dtmshop.it;

import io.restassured.RestAssured;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;

/**
 * MariaDB, Consul and DTM as containers, in the same places the local binaries would be.
 * <p>
 * They share the host's network: DTM must reach the services (which run on the host and register
 * 127.0.0.1 in Consul) exactly as in the binary stack, so the tests see one topology whatever
 * starts it. Host networking needs a Linux Docker engine. The image pins are those of
 * docker-compose.yml; DTM runs on MariaDB's {@code dtm} database with deploy/dtm/dtm.env, as there
 * (one DTM: the failover suite's second one needs scripts/stack.sh, see FailoverIT).
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
                // the databases, the shop user and DTM's tables, as docker-compose creates them
                .withCopyFileToContainer(MountableFile.forHostPath(DEPLOY.resolve("mysql/init.sql")),
                        "/docker-entrypoint-initdb.d/01-init.sql")
                .withCopyFileToContainer(MountableFile.forHostPath(DEPLOY.resolve("mysql/dtm-storage.sql")),
                        "/docker-entrypoint-initdb.d/02-dtm-storage.sql")
                // the entrypoint runs a temporary server for the init scripts, then the real one
                .waitingFor(Wait.forLogMessage(".*ready for connections.*", 2).withStartupTimeout(STARTUP));
        GenericContainer<?> consul = new GenericContainer<>(DockerImageName.parse("hashicorp/consul:1.20.6"))
                .withNetworkMode("host")
                .withCommand("agent", "-dev", "-bind=127.0.0.1", "-client=127.0.0.1", "-dns-port=-1")
                .waitingFor(Wait.forLogMessage(".*Consul agent running!.*", 1).withStartupTimeout(STARTUP));
        // DTM's settings of docker-compose (deploy/dtm/dtm.env), with the hosts of this network
        GenericContainer<?> dtm = new GenericContainer<>(DockerImageName.parse("yedf/dtm:1.19.0"))
                .withNetworkMode("host")
                .withEnv(dtmEnvironment())
                .withEnv("MICRO_SERVICE_TARGET", "consul://127.0.0.1:8500/dtm-service")
                .withEnv("MICRO_SERVICE_END_POINT", "grpc://127.0.0.1:36790")
                .withEnv("STORE_HOST", "127.0.0.1");
        List<GenericContainer<?>> started = new ArrayList<>();
        DockerInfrastructure infrastructure = new DockerInfrastructure(started);
        try {
            for (GenericContainer<?> container : List.of(mariadb, consul, dtm)) {
                container.start();
                started.add(container);
            }
            await().atMost(STARTUP).ignoreExceptions().until(() -> !Consul.healthyInstances("dtm-service").isEmpty());
            registerDtmHttp();
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
        return infrastructure;
    }

    /** The assignments of deploy/dtm/dtm.env. */
    private static Map<String, String> dtmEnvironment() {
        try {
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(DEPLOY.resolve("dtm/dtm.env"))) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    env.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
                }
            }
            return env;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * DTM's HTTP API as {@code dtm-http} in Consul, with the check that dtm-service follows, as
     * deploy/dtm/register-http.sh registers it for scripts/stack.sh and docker-compose (see there).
     */
    private static void registerDtmHttp() {
        RestAssured.given().baseUri(Stack.CONSUL_URL).body("""
                {"ID": "dtm-http-127.0.0.1-36789", "Name": "dtm-http", "Address": "127.0.0.1", "Port": 36789,
                 "Check": {"TCP": "127.0.0.1:36789", "Interval": "1s", "Timeout": "1s",
                           "DeregisterCriticalServiceAfter": "10m"}}""")
                .put("/v1/agent/service/register").then().statusCode(200);
        RestAssured.given().baseUri(Stack.CONSUL_URL).body("""
                {"ID": "dtm-service:http", "Name": "dtm HTTP API", "ServiceID": "dtm-service",
                 "AliasService": "dtm-http-127.0.0.1-36789"}""")
                .put("/v1/agent/check/register").then().statusCode(200);
        await().atMost(STARTUP).ignoreExceptions().until(() -> !Consul.healthyInstances("dtm-http").isEmpty());
    }

    @Override
    public void close() {
        for (int i = containers.size() - 1; i >= 0; i--) {
            containers.get(i).stop();
        }
    }
}

package io.dtmshop.it;

import org.testcontainers.DockerClientFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stack of scripts/stack.sh, driven by that same script: {@link StackExtension} starts it, tests
 * stop, kill and restart components through it, never through a second launcher.
 */
public final class Stack {

    /** Consul's HTTP API: the stack's fixed entry point, from which everything else is found. */
    public static final String CONSUL_URL = System.getProperty("consul.url", "http://127.0.0.1:8500");

    /** stack.sh's group of the five services, which start from this build's jars whatever runs the infrastructure. */
    public static final String SERVICES = "services";

    private static final Path SCRIPT = Path.of(System.getProperty("stack.script", "../scripts/stack.sh"));
    private static final String DIR = System.getProperty("stack.dir", "target/stack");
    private static final Path BINARIES = Path.of(System.getenv().getOrDefault("DTMSHOP_CACHE",
            System.getProperty("user.home") + "/.cache/dtm-shop"), "bin");
    private static final long TIMEOUT_SECONDS = 180;
    /** Extra environment for stack.sh while {@link #withEnvironment} runs. */
    private static final ThreadLocal<java.util.Map<String, String>> ENVIRONMENT = ThreadLocal.withInitial(java.util.Map::of);

    private Stack() {
    }

    /**
     * Containers for MariaDB, Consul and DTM instead of local binaries: when asked with
     * -Dstack.infra=docker, or when scripts/install-deps.sh has not run and Docker is there.
     */
    public static boolean useDocker() {
        String infra = System.getProperty("stack.infra", "");
        if (!infra.isEmpty()) {
            return infra.equals("docker");
        }
        boolean binaries = Files.isExecutable(BINARIES.resolve("dtm")) && Files.isExecutable(BINARIES.resolve("consul"));
        return !binaries && DockerClientFactory.instance().isDockerAvailable();
    }

    /** Removes STACK_DIR (data, logs, pids): the next start has fresh demo data. */
    static void wipe() {
        Path dir = Path.of(DIR);
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log stack.sh writes for a component (STACK_DIR/logs/<component>.log). */
    public static Path log(String component) {
        return Path.of(DIR, "logs", component + ".log");
    }

    public static void up(String... components) {
        run("up", components);
    }

    public static void down(String... components) {
        run("down", components);
    }

    public static void kill(String... components) {
        run("kill", components);
    }

    /**
     * Runs {@code action} with extra environment for the stack.sh calls it makes, e.g.
     * {@code Stack.withEnvironment(Map.of("STACK_BASELINES", "false"), () -> Stack.up("stock-service"))}.
     */
    public static void withEnvironment(java.util.Map<String, String> environment, Runnable action) {
        ENVIRONMENT.set(environment);
        try {
            action.run();
        } finally {
            ENVIRONMENT.remove();
        }
    }

    /** The stack's branch token secrets (stack.sh makes them once per STACK_DIR), for tests that sign branch calls. */
    public static Path branchTokenSecrets() {
        return Path.of(DIR, "branch-token.secrets");
    }

    /** SIGSTOP: the component hangs, its connections stay open (stack.sh pause). */
    public static void pause(String... components) {
        run("pause", components);
    }

    /** SIGCONT after {@link #pause}. */
    public static void resume(String... components) {
        run("resume", components);
    }

    private static void run(String command, String... components) {
        List<String> cmd = new ArrayList<>(List.of("bash", SCRIPT.toString(), command));
        cmd.addAll(List.of(components));
        try {
            Path log = Files.createTempFile("stack-" + command, ".log");
            ProcessBuilder builder = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("STACK_DIR", DIR);
            // BaselinePurchaseIT buys through the benchmark baselines, off in a stack by default
            builder.environment().putIfAbsent("STACK_BASELINES", "true");
            builder.environment().putAll(ENVIRONMENT.get());
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + " did not finish in " + TIMEOUT_SECONDS
                        + "s:\n" + Files.readString(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

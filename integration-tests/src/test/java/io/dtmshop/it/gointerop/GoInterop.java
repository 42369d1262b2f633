package io.dtmshop.it.gointerop;

import io.dtmshop.it.Stack;
import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Go side of the interop tests: {@code dtmshop-interop}, written with DTM's official Go client
 * (integration-tests/src/test/go), built once per run by its build.sh with the Go toolchain and the Go
 * module proxy, which caches the binary (a second run only checks a hash).
 */
public final class GoInterop {

    private static final Path BUILD_SCRIPT = Path.of(System.getProperty("go.build-script", "src/test/go/build.sh"));
    /** A cold build fetches DTM's Go client and its modules and compiles them: a few minutes at most. */
    private static final long BUILD_TIMEOUT_SECONDS = 600;
    private static final long BUY_TIMEOUT_SECONDS = 120;
    private static Path binary;

    private GoInterop() {
    }

    /** The built binary (built on the first call). */
    public static synchronized Path binary() {
        if (binary == null) {
            Path log = Stack.log("go-interop-build");
            Map<String, String> env = new java.util.HashMap<>();
            String repo = System.getProperty("maven.repo");
            if (repo != null) {
                env.put("MAVEN_REPO", repo); // where build.sh finds protoc
            }
            env.put("PROTO_INCLUDE", wellKnownProtos().toString());
            Result built = run(List.of("bash", BUILD_SCRIPT.toString()), env, BUILD_TIMEOUT_SECONDS, log);
            if (built.exitCode() != 0) {
                throw new IllegalStateException("building the Go interop program failed (" + log + "):\n" + built.output());
            }
            List<String> lines = built.output().lines().toList();
            binary = Path.of(lines.get(lines.size() - 1).strip());
        }
        return binary;
    }

    /**
     * A folder with google/protobuf/empty.proto (which the shop's and the ledger's protos import),
     * taken from protobuf-java on this classpath: build.sh then needs no unzip.
     */
    private static Path wellKnownProtos() {
        try (var in = com.google.protobuf.Empty.class.getResourceAsStream("/google/protobuf/empty.proto")) {
            if (in == null) {
                throw new IllegalStateException("google/protobuf/empty.proto is not on the classpath (protobuf-java)");
            }
            Path dir = Files.createTempDirectory("go-interop-protos");
            Path file = dir.resolve("google/protobuf/empty.proto");
            Files.createDirectories(file.getParent());
            Files.copy(in, file);
            return dir;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What {@code dtmshop-interop buy} printed and its exit status: 0 committed, 3 rolled back, 1 an error. */
    public record Purchase(int exitCode, String gid, String outcome, String error, String output) {
    }

    /**
     * Buys from the shop's Java services with DTM's Go client: {@code dtmshop-interop buy}.
     *
     * @param mode saga, tcc, xa, msg or workflow
     * @param services host:port of stock-, order- and payment-service
     */
    public static Purchase buy(String mode, String dtm, Map<String, String> services, Path secrets, long user,
            long product, int quantity, long amountCents) {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "buy", "-mode", mode, "-dtm", dtm,
                "-stock", services.get("stock-service"), "-order", services.get("order-service"),
                "-payment", services.get("payment-service"), "-secrets", secrets.toString(),
                "-user", Long.toString(user), "-product", Long.toString(product), "-quantity", Integer.toString(quantity),
                "-amount", Long.toString(amountCents)));
        Result result = run(command, Map.of(), BUY_TIMEOUT_SECONDS, Stack.log("go-buy"));
        // the outcome is the last line (DTM's Go client logs before it)
        List<String> lines = result.output().lines().filter(line -> line.startsWith("{\"gid\"")).toList();
        if (lines.isEmpty()) {
            throw new IllegalStateException("dtmshop-interop buy printed no outcome (exit " + result.exitCode() + "):\n"
                    + result.output());
        }
        JsonPath json = JsonPath.from(lines.get(lines.size() - 1));
        return new Purchase(result.exitCode(), json.getString("gid"), json.getString("outcome"), json.getString("error"),
                result.output());
    }

    /** {@code dtmshop-interop token TYPE GID}: the branch token Go's signer computes with this secret. */
    public static String token(String base64Secret, String transType, String gid) {
        Result result = run(List.of(binary().toString(), "token", transType, gid),
                Map.of("DTMSHOP_BRANCH_TOKEN_SECRET", base64Secret), 30, Stack.log("go-token"));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("dtmshop-interop token failed:\n" + result.output());
        }
        return result.output().strip();
    }

    record Result(int exitCode, String output) {
    }

    /** Runs a command to its end, its output (stdout and stderr) kept and appended to {@code log}. */
    static Result run(List<String> command, Map<String, String> env, long timeoutSeconds, Path log) {
        try {
            Path out = Files.createTempFile("go-interop", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
            builder.environment().putAll(env);
            Process process = builder.start();
            process.getOutputStream().close();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds
                        + " s:\n" + Files.readString(out));
            }
            String output = Files.readString(out);
            Files.delete(out);
            Files.createDirectories(log.getParent());
            Files.writeString(log, "$ " + String.join(" ", command) + "\n" + output, java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package io.dtmshop.it.gointerop;

import io.dtmshop.it.Stack;
import io.dtmshop.it.StackExtension;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The Go ledger service ({@code dtmshop-interop ledger}, ledger.v1.Ledger) running for the test run:
 * started once, after the stack (which it starts first if no test has), stopped when the run ends:
 * {@code @ExtendWith({StackExtension.class, GoLedger.class})}. DTM reaches it by a direct address, {@code 127.0.0.1:<port>/ledger.v1.Ledger/<Method>},
 * which DTM v1.19.0's drivers dial as they are; it is not registered in Consul.
 */
public class GoLedger implements BeforeAllCallback {

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static volatile Running running;

    @Override
    public void beforeAll(ExtensionContext context) {
        new StackExtension().beforeAll(context);
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> start(), Running.class);
    }

    /** host:port of the running ledger. */
    public static String address() {
        if (running == null) {
            throw new IllegalStateException("the Go ledger is not running: @ExtendWith(GoLedger.class)");
        }
        return running.address;
    }

    /** A branch URL of the ledger: {@code 127.0.0.1:<port>/ledger.v1.Ledger/<method>}. */
    public static String url(String method) {
        return address() + "/ledger.v1.Ledger/" + method;
    }

    private static Running start() {
        Path binary = GoInterop.binary();
        int port = freePort();
        String address = "127.0.0.1:" + port;
        Path log = Stack.log("go-ledger");
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(List.of(binary.toString(), "ledger", "-listen", address))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            process.getOutputStream().close();
            Running started = new Running(process, address);
            await().atMost(STARTUP).pollInterval(Duration.ofMillis(200)).until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the Go ledger exited with " + process.exitValue() + ", see " + log);
                }
                return accepts(port);
            });
            running = started;
            return started;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Closed by JUnit when the root context closes, at the end of the run. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final String address;

        Running(Process process, String address) {
            this.process = process;
            this.address = address;
        }

        @Override
        public void close() throws InterruptedException {
            running = null;
            process.destroy(); // SIGTERM: the ledger stops serving gracefully
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

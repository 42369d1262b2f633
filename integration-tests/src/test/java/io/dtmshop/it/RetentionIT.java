package io.dtmshop.it;

import io.dtmshop.dtm.ChannelBranchInvoker;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.it.dtmclient.DtmHttp;
import io.dtmshop.it.dtmclient.StockDb;
import io.dtmshop.proto.stock.v1.StockRequest;
import io.grpc.ManagedChannel;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The retention (README "Retention") on the running stack, with the services' own configuration
 * (horizon 24 h): rows are made old by moving their timestamps back two days, not by waiting.
 * <ol>
 * <li>After scripts/bench.sh and a cleanup, the barrier tables, stock's deduction log and DTM's store
 *     hold only rows inside the horizon and rows of transactions DTM holds unfinished, whatever their
 *     age; younger rows stay; the audit of the bench's products and buyers (and the test's own) is
 *     consistent. The figures (rows before and after, how long the cleanup took, its longest DELETE
 *     batch) are printed.</li>
 * <li>A service configured with a horizon shorter than a late branch call needs does not start, and
 *     says why. (Last: it restarts stock-service, whose retention then waits W again.)</li>
 * </ol>
 */
@ExtendWith({StackExtension.class, ConsistentAfterEach.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RetentionIT {

    /** The services' dtmshop.retention.horizon (dtm-branch-service, shop-service). */
    private static final Duration HORIZON = Duration.ofHours(24);
    /** How far back rows are moved: well past the horizon. */
    private static final String AGED = "2 DAY";
    /**
     * The longest until the first run may delete: W (4m50s with the default terms and MariaDB's 50 s
     * lock wait) after the service started, plus a period (1m), plus the runs themselves.
     */
    private static final Duration CLEANED = Duration.ofMinutes(8);
    private static final Path BENCH = Path.of(System.getProperty("stack.script", "../scripts/stack.sh"))
            .resolveSibling("bench.sh");
    private static final String STOCK = "discovery:///stock-service/stock.v1.StockService/";

    /** A table the branch services clean: database, table, gid column, time column. */
    private record BranchTable(String database, String name, String gidColumn, String timeColumn) {
        String qualified() {
            return database + "." + name;
        }
    }

    private static final List<BranchTable> BRANCH_TABLES = List.of(
            new BranchTable("stock_db", "dtm_barrier", "gid", "create_time"),
            new BranchTable("order_db", "dtm_barrier", "gid", "create_time"),
            new BranchTable("payment_db", "dtm_barrier", "gid", "create_time"),
            new BranchTable("stock_db", "stock_deduction_log", "order_no", "created_at"));

    private static ManagedChannel dtmChannel;
    private static ManagedChannel stockChannel;
    private static DtmGrpcClient dtm;

    @BeforeAll
    static void connect() {
        dtmChannel = Grpc.channelTo("dtm-service");
        stockChannel = Grpc.channelTo("stock-service");
        ChannelBranchInvoker invoker = new ChannelBranchInvoker(service -> stockChannel, Duration.ofSeconds(10));
        dtm = SignedBranch.signing(new DtmGrpcClient(Consul.address("dtm-service"), dtmChannel, invoker).withDeadline(Duration.ofSeconds(20)));
    }

    @AfterAll
    static void close() throws InterruptedException {
        Grpc.close(dtmChannel);
        Grpc.close(stockChannel);
    }

    @Test
    @Order(1)
    void afterABenchAndACleanupOnlyRowsInsideTheHorizonOrOfUnfinishedTransactionsAreLeft() throws Exception {
        Fixtures bench = bench();
        long product = ShopDb.newProduct("Retention", 100, 10);
        long buyer = ShopDb.newAccount(10_000);

        // A transaction DTM holds unfinished (prepared, with its Try done): its rows must stay, however old.
        CountDownLatch end = new CountDownLatch(1);
        String held = dtm.newGid();
        CompletableFuture<Void> heldTcc = CompletableFuture.runAsync(() -> dtm.tccGlobalTransaction(held,
                tcc -> tcc.timeoutToFail(3600), tcc -> {
                    tcc.callBranch(StockRequest.newBuilder().setOrderNo(held).setProductId(product).setQuantity(1).build(),
                            STOCK + "TryDeductStock", STOCK + "ConfirmDeductStock", STOCK + "CancelDeductStock");
                    end.await(10, TimeUnit.MINUTES);
                    throw new IllegalStateException("the test ends this transaction: DTM cancels its Try");
                }));
        await().atMost(Duration.ofSeconds(30)).until(() -> StockDb.stockMovements(held).equals(List.of("RESERVE 1")));
        // Whatever fails below, the held transaction ends: left prepared it would hold its stock for
        // the hour of its timeoutToFail, and every later test's audit would wait for it.
        try {
            boolean dtmInMariaDb = ShopDb.dtmStoreInMariaDb();
            Map<String, Long> before = counts(dtmInMariaDb);
            Map<String, Long> logOffsets = logOffsets();
            age(held, dtmInMariaDb);
            // ... and rows younger than the horizon, which must stay too
            String young = Shop.purchase("saga", buyer, product, 1).then().statusCode(200).extract().path("gid");

            long started = System.nanoTime();
            List<String> left = new ArrayList<>();
            await().atMost(CLEANED).pollInterval(Duration.ofSeconds(5)).until(() -> {
                left.clear();
                left.addAll(oldRowsOfFinishedTransactions(dtmInMariaDb));
                return left.isEmpty();
            });
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            Map<String, Long> after = counts(dtmInMariaDb);

            // Rows of the unfinished transaction, two days old, stayed; so did the young purchase's.
            assertEquals(List.of("tcc 01 try 01 try"), StockDb.barrierRows("dtm_barrier", held));
            assertEquals(List.of("RESERVE 1"), StockDb.stockMovements(held));
            assertEquals(List.of("saga 01 action 01 action"), StockDb.barrierRows("dtm_barrier", young));
            assertEquals(List.of("DEDUCT 1"), StockDb.stockMovements(young));
            for (String database : List.of("order_db", "payment_db")) {
                assertFalse(rowsOf(database, "dtm_barrier", "gid", young).isEmpty(), database);
            }
            assertEquals("succeed", DtmHttp.status(young));
            assertEquals("prepared", DtmHttp.status(held));
            for (BranchTable table : BRANCH_TABLES) {
                assertTrue(after.get(table.qualified()) < before.get(table.qualified()), table + ": " + before + " -> " + after);
            }
            List<String> runs = retentionRunsSince(logOffsets);
            if (dtmInMariaDb) {
                assertTrue(after.get("dtm.trans_global") < before.get("dtm.trans_global"), before + " -> " + after);
            } else {
                // said once, at shop-service's first run, long before this cleanup: its whole log
                assertTrue(Files.readString(Stack.log("shop-service")).contains("DTM's store is not in database dtm"),
                        "shop-service's retention did not say that DTM's store is elsewhere");
            }
            System.out.printf("RetentionIT: rows before the cleanup %s%nRetentionIT: rows after %s%n"
                    + "RetentionIT: every row older than the horizon gone %d s after it was made old; the runs:%n%s%n",
                    before, after, took.toSeconds(), String.join("\n", runs));
        } finally {
            end.countDown();
        }

        // Once DTM cancelled the unfinished transaction, the audit of the bench's products and buyers and
        // this test's holds: it reads none of the rows that went (README "Retention").
        assertThrows(Exception.class, heldTcc::join);
        await().atMost(Duration.ofSeconds(60)).until(() -> "failed".equals(DtmHttp.status(held)));
        List<Long> products = new ArrayList<>(bench.products());
        products.add(product);
        List<Long> buyers = new ArrayList<>(bench.users());
        buyers.add(buyer);
        JsonPath audit = Shop.audit(products, buyers).then().statusCode(200).extract().jsonPath();
        assertTrue(audit.getBoolean("consistent"), audit.prettify());
    }

    @Test
    @Order(2)
    void aServiceWithAHorizonShorterThanALateCallNeedsDoesNotStart() throws Exception {
        Stack.down("stock-service");
        long logged = Files.size(Stack.log("stock-service"));
        try {
            assertThrows(IllegalStateException.class, () -> Stack.withEnvironment(
                    Map.of("DTMSHOP_RETENTION_HORIZON", "5m"), () -> Stack.up("stock-service")));
            String log = readFrom(Stack.log("stock-service"), logged);
            assertTrue(log.contains("dtmshop.retention.horizon=5m is shorter than the longest a branch call can still "
                    + "arrive after its transaction ended"), log);
            assertTrue(log.contains("Set it to at least"), log);
            assertTrue(Consul.healthyInstances("stock-service").isEmpty(), "stock-service must not have started");
        } finally {
            Stack.up("stock-service");
        }
    }

    /** The products and buyers scripts/bench.sh made. */
    private record Fixtures(List<Long> products, List<Long> users) {
    }

    /**
     * scripts/bench.sh, short: every mode and both baselines for 2 s each, on this stack; it ends
     * with the audit of its products and buyers.
     */
    private static Fixtures bench() throws IOException, InterruptedException {
        Path output = Files.createTempFile("bench", ".log");
        ProcessBuilder builder = new ProcessBuilder("bash", BENCH.toString(), "--duration", "2", "--warmup", "0",
                "--stack-warmup", "0", "--concurrency", "4").redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("STACK_DIR", System.getProperty("stack.dir", "target/stack"));
        Process bench = builder.start();
        bench.getOutputStream().close();
        boolean done = bench.waitFor(6, TimeUnit.MINUTES);
        String out = Files.readString(output);
        if (!done) {
            bench.destroyForcibly();
        }
        assertTrue(done && bench.exitValue() == 0, "scripts/bench.sh failed:\n" + out);
        assertTrue(out.contains("audit: consistent"), out);
        Matcher fixtures = Pattern.compile("fixtures: products ([0-9,]+), users ([0-9,]+)").matcher(out);
        assertTrue(fixtures.find(), out);
        Function<String, List<Long>> ids = list -> Arrays.stream(list.split(",")).map(Long::valueOf).toList();
        return new Fixtures(ids.apply(fixtures.group(1)), ids.apply(fixtures.group(2)));
    }

    private static Map<String, Long> counts(boolean dtmInMariaDb) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> tables = new ArrayList<>(BRANCH_TABLES.stream().map(BranchTable::qualified).toList());
        if (dtmInMariaDb) {
            tables.addAll(List.of("dtm.trans_global", "dtm.trans_branch_op"));
        }
        try (Connection c = ShopDb.connect(ShopDb.STOCK); Statement st = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    /**
     * Moves every row there is back by {@link #AGED}: the branch tables' rows (the unfinished
     * transaction's too), and DTM's finished transactions with their branches. DTM's unfinished ones
     * get only an old update_time, which the retention reads: an old create_time would make DTM
     * time them out.
     */
    private static void age(String held, boolean dtmInMariaDb) throws SQLException {
        try (Connection c = ShopDb.connect(ShopDb.STOCK); Statement st = c.createStatement()) {
            for (BranchTable t : BRANCH_TABLES) {
                st.executeUpdate("UPDATE %s SET %s = %s - INTERVAL %s".formatted(t.qualified(), t.timeColumn(),
                        t.timeColumn(), AGED));
            }
            if (dtmInMariaDb) {
                st.executeUpdate(("UPDATE dtm.trans_branch_op b JOIN dtm.trans_global g ON g.gid = b.gid"
                        + " SET b.create_time = b.create_time - INTERVAL %1$s, b.update_time = b.update_time - INTERVAL %1$s"
                        + " WHERE g.status IN ('succeed', 'failed')").formatted(AGED));
                st.executeUpdate(("UPDATE dtm.trans_global SET create_time = create_time - INTERVAL %1$s,"
                        + " finish_time = finish_time - INTERVAL %1$s, rollback_time = rollback_time - INTERVAL %1$s"
                        + " WHERE status IN ('succeed', 'failed')").formatted(AGED));
                st.executeUpdate("UPDATE dtm.trans_global SET update_time = update_time - INTERVAL " + AGED);
            }
        }
        assertFalse(rowsOf("stock_db", "dtm_barrier", "gid", held).isEmpty());
    }

    /** Rows older than the horizon whose transaction DTM does not hold unfinished now: what the retention must remove. */
    private static List<String> oldRowsOfFinishedTransactions(boolean dtmInMariaDb) throws SQLException {
        Set<String> unfinished = new HashSet<>();
        for (String status : List.of("prepared", "submitted", "aborting")) {
            DtmHttp.transactions(status, "").forEach(t -> unfinished.add((String) t.get("gid")));
        }
        String old = "NOW() - INTERVAL " + HORIZON.toHours() + " HOUR";
        Map<String, String> queries = new LinkedHashMap<>();
        for (BranchTable t : BRANCH_TABLES) {
            queries.put(t.qualified(), "SELECT %s FROM %s WHERE %s < %s".formatted(t.gidColumn(), t.qualified(),
                    t.timeColumn(), old));
        }
        if (dtmInMariaDb) {
            queries.put("dtm.trans_global", "SELECT gid FROM dtm.trans_global WHERE update_time < " + old);
            queries.put("dtm.trans_branch_op", "SELECT gid FROM dtm.trans_branch_op WHERE update_time < " + old);
        }
        List<String> left = new ArrayList<>();
        try (Connection c = ShopDb.connect(ShopDb.STOCK); Statement st = c.createStatement()) {
            for (Map.Entry<String, String> query : queries.entrySet()) {
                try (ResultSet rs = st.executeQuery(query.getValue())) {
                    while (rs.next()) {
                        if (!unfinished.contains(rs.getString(1))) {
                            left.add(query.getKey() + " " + rs.getString(1));
                        }
                    }
                }
            }
        }
        return left;
    }

    private static List<String> rowsOf(String database, String table, String gidColumn, String gid) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = ShopDb.connect(database);
             PreparedStatement ps = c.prepareStatement("SELECT id FROM " + table + " WHERE " + gidColumn + " = ?")) {
            ps.setString(1, gid);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    private static final List<String> RETENTION_LOGS = List.of("stock-service", "order-service", "payment-service",
            "shop-service");

    private static Map<String, Long> logOffsets() throws IOException {
        return RETENTION_LOGS.stream().collect(Collectors.toMap(Function.identity(), component -> {
            try {
                return Files.size(Stack.log(component));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, (a, b) -> a, LinkedHashMap::new));
    }

    /** The retention's log lines of each service since {@code offsets}. */
    private static List<String> retentionRunsSince(Map<String, Long> offsets) throws IOException {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Long> log : offsets.entrySet()) {
            readFrom(Stack.log(log.getKey()), log.getValue()).lines().filter(line -> line.contains("retention"))
                    .forEach(line -> lines.add(log.getKey() + ": " + line));
        }
        return lines;
    }

    private static String readFrom(Path file, long offset) throws IOException {
        byte[] all = Files.readAllBytes(file);
        return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                StandardCharsets.UTF_8);
    }
}

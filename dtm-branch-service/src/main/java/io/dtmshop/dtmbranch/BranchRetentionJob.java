package io.dtmshop.dtmbranch;

import io.agroal.api.AgroalDataSource;
import io.dtmshop.dtm.DtmHttpReader;
import io.dtmshop.dtm.barrier.BranchBarrier;
import io.dtmshop.dtm.retention.BranchRetention;
import io.dtmshop.dtm.retention.LateCallWindow;
import io.dtmshop.dtm.retention.RetentionHorizon;
import io.dtmshop.dtm.retention.TablePurge;
import io.dtmshop.dtm.retention.RetentionTable;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The retention of a branch service (README "Retention"): every {@code dtmshop.retention.period},
 * the rows of transactions DTM finished longer ago than {@code dtmshop.retention.horizon} leave the
 * service's own tables - each {@link RetentionTable} the service produces as a CDI bean (e.g.
 * stock-service's {@code stock_deduction_log}), then the barrier table. The rules are dtm-client's
 * {@link BranchRetention}; this class reads the configuration, checks the horizon at start-up (a
 * horizon shorter than a late branch call needs stops the service from starting) and logs each run.
 * Several replicas of a service share the work through a database lock per table.
 */
@ApplicationScoped
public class BranchRetentionJob {

    private static final Logger LOG = Logger.getLogger(BranchRetentionJob.class);
    static final String HORIZON = "dtmshop.retention.horizon";

    @ConfigProperty(name = "dtmshop.retention.enabled")
    boolean enabled;
    @ConfigProperty(name = HORIZON)
    Duration horizon;
    @ConfigProperty(name = "dtmshop.retention.period")
    Duration period;
    @ConfigProperty(name = "dtmshop.retention.batch-size")
    int batchSize;
    @ConfigProperty(name = "dtmshop.retention.max-unfinished")
    int maxUnfinished;
    @ConfigProperty(name = "dtmshop.retention.dtm-http-url")
    URI dtmHttpUrl;
    @ConfigProperty(name = "dtmshop.retention.dtm-request-timeout")
    Duration dtmRequestTimeout;
    @ConfigProperty(name = "dtmshop.retention.dtm-round-calls")
    int dtmRoundCalls;
    @ConfigProperty(name = "dtmshop.retention.caller-run")
    Duration callerRun;
    @ConfigProperty(name = "dtmshop.retention.margin")
    Duration margin;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Instance<RetentionTable> serviceTables;

    private volatile BranchRetention retention;

    /** Checks the horizon before the service takes calls; an unsafe one fails the start. */
    void start(@Observes StartupEvent event) throws SQLException {
        if (!enabled) {
            LOG.info("retention is off (dtmshop.retention.enabled=false): barrier rows and logs are kept for ever");
            return;
        }
        LateCallWindow window = new LateCallWindow(dtmRequestTimeout, dtmRoundCalls, callerRun,
                databaseLockWait(), margin);
        RetentionHorizon checked = new RetentionHorizon(horizon, period, window).requireSafe(HORIZON);
        List<RetentionTable> tables = new ArrayList<>();
        serviceTables.forEach(tables::add);
        // the service's logs first: a row of a log is never older than the barrier row its call wrote;
        // the barrier table is the one DtmBranchInterceptor selects for every branch call
        tables.add(RetentionTable.barrier(BranchBarrier.SERVICE_TABLE_NAME));
        DtmHttpReader dtm = new DtmHttpReader(dtmHttpUrl, Duration.ofSeconds(10));
        retention = new BranchRetention(checked, dtm::unfinishedGids, dataSource, tables, maxUnfinished, batchSize,
                System::nanoTime);
        LOG.infof("retention of %s: %s", tables.stream().map(RetentionTable::name).toList(), checked.describe());
    }

    @Scheduled(every = "${dtmshop.retention.period}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        BranchRetention current = retention;
        if (current == null) {
            return;
        }
        try {
            BranchRetention.Report report = current.run();
            if (report.snapshot().startsWith("failed")) {
                LOG.warnf("retention: %s", report);
            } else if (report.deleted() > 0 || report.waited() != null) {
                LOG.infof("retention: %s", report);
            } else {
                LOG.debugf("retention: %s", report);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.warnf("retention run failed, the next one tries again: %s", e.toString());
        }
    }

    /** The database's lock wait, W's lockWait term, from a connection of the service's own pool. */
    private Duration databaseLockWait() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return TablePurge.databaseLockWait(c);
        }
    }
}

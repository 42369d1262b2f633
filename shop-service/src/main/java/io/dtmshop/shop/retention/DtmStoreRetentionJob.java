package io.dtmshop.shop.retention;

import io.agroal.api.AgroalDataSource;
import io.dtmshop.dtm.retention.BranchRetention;
import io.dtmshop.dtm.retention.DtmStorePurge;
import io.dtmshop.dtm.retention.LateCallWindow;
import io.dtmshop.dtm.retention.RetentionHorizon;
import io.dtmshop.dtm.retention.TablePurge;
import io.quarkus.agroal.DataSource;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The retention of DTM's SQL store (README "Retention"): every {@code dtmshop.retention.period}, the
 * transactions DTM finished longer ago than {@code dtmshop.retention.horizon} leave
 * {@code trans_global} and {@code trans_branch_op} ({@link DtmStorePurge}).
 * <p>
 * shop-service runs it because it starts the transactions and owns what depends on DTM's record of
 * them: an idempotency key whose purchase DTM no longer knows is taken over by a retry only while DTM
 * cannot have forgotten it, i.e. while the key is younger than this same horizon (PurchaseKeys).
 * Every replica schedules it; a database lock lets one of them run it at a time.
 * <p>
 * With a DTM store other than MariaDB/MySQL (boltdb, redis: they expire finished transactions
 * themselves) the database {@code dtm} has no DTM tables; the job says so once and does nothing.
 */
@ApplicationScoped
public class DtmStoreRetentionJob {

    private static final Logger LOG = Logger.getLogger(DtmStoreRetentionJob.class);
    static final String HORIZON = "dtmshop.retention.horizon";
    /** MySQL/MariaDB: unknown database, unknown table. */
    private static final int ER_BAD_DB_ERROR = 1049;
    private static final int ER_NO_SUCH_TABLE = 1146;

    @ConfigProperty(name = "dtmshop.retention.enabled")
    boolean enabled;
    @ConfigProperty(name = HORIZON)
    Duration horizon;
    @ConfigProperty(name = "dtmshop.retention.period")
    Duration period;
    @ConfigProperty(name = "dtmshop.retention.batch-size")
    int batchSize;
    @ConfigProperty(name = "dtmshop.retention.dtm-request-timeout")
    Duration dtmRequestTimeout;
    @ConfigProperty(name = "dtmshop.retention.dtm-round-calls")
    int dtmRoundCalls;
    @ConfigProperty(name = "dtmshop.retention.caller-run")
    Duration callerRun;
    @ConfigProperty(name = "dtmshop.retention.margin")
    Duration margin;

    /** shop_db: the database server's lock wait. */
    @Inject
    AgroalDataSource shopDb;
    @Inject
    @DataSource("dtm")
    AgroalDataSource dtmStore;

    private volatile RetentionHorizon checked;
    private volatile String absent;

    /** Checks the horizon before the service takes calls; an unsafe one fails the start. */
    void start(@Observes StartupEvent event) throws SQLException {
        if (!enabled) {
            LOG.info("retention is off (dtmshop.retention.enabled=false): DTM's finished transactions are kept for ever");
            return;
        }
        LateCallWindow window = new LateCallWindow(dtmRequestTimeout, dtmRoundCalls, callerRun,
                databaseLockWait(), margin);
        checked = new RetentionHorizon(horizon, period, window).requireSafe(HORIZON);
        LOG.infof("retention of DTM's store: %s", checked.describe());
    }

    @Scheduled(every = "${dtmshop.retention.period}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        RetentionHorizon current = checked;
        if (current == null) {
            return;
        }
        try (Connection c = dtmStore.getConnection()) {
            DtmStorePurge.Result result = DtmStorePurge.run(c, current.horizon(), batchSize,
                    BranchRetention.DELETE_LOCK_WAIT);
            if (absent != null) {
                LOG.infof("retention: DTM's tables are in database dtm now");
                absent = null;
            }
            if (result.transactions() > 0 || result.skipped() != null) {
                LOG.infof("retention: %s", result);
            } else {
                LOG.debugf("retention: %s", result);
            }
        } catch (SQLException e) {
            if (e.getErrorCode() == ER_BAD_DB_ERROR || e.getErrorCode() == ER_NO_SUCH_TABLE) {
                if (absent == null) {
                    LOG.infof("retention: DTM's store is not in database dtm (%s): DTM runs another store, which "
                            + "expires finished transactions itself; nothing to clean", e.getMessage());
                }
                absent = e.getMessage();
                return;
            }
            LOG.warnf("retention run failed, the next one tries again: %s", e.toString());
        } catch (RuntimeException e) {
            LOG.warnf("retention run failed, the next one tries again: %s", e.toString());
        }
    }

    /** The database's lock wait, W's lockWait term, from a connection of the service's own pool. */
    private Duration databaseLockWait() throws SQLException {
        try (Connection c = shopDb.getConnection()) {
            return TablePurge.databaseLockWait(c);
        }
    }
}

package io.dtmshop.shop.takeover;

import io.dtmshop.consul.InstanceHealth;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Which prepared transactions lost their coordinator, and what ends them now rather than at DTM's
 * own time (README "Running more than one of everything"). Pure: the caller reads Consul and DTM,
 * and acts.
 * <p>
 * Why: a shop-service killed between an XA branch's prepare and phase 2 leaves that branch's rows
 * locked in the service's database, and a TCC Try's reservation held. DTM ends a prepared XA or TCC
 * transaction only once its {@code TimeoutToFail} has passed (dtmsvr/trans_type_xa.go; its cron looks
 * every {@code RetryInterval}: 40 s with the stack's 35 s and 10 s), and resumes a prepared workflow at
 * its first retry ({@code RetryInterval} after it was stored). Meanwhile another purchase of the same
 * product waits for the rows longer than it may (dtmshop.purchase.branch-timeout) and is rolled back.
 * No timeout setting avoids that: a waiting XA purchase would itself need more than its own
 * {@code TimeoutToFail}.
 * <p>
 * A prepared transaction is an orphan when the {@link Coordinator} in its branch headers is another
 * process that is gone:
 * <ul>
 * <li>its Consul service ID now carries another incarnation - the process was restarted; or</li>
 * <li>its liveness check has been critical for {@code grace} as this object saw it (at each
 *     {@link #orphans} call): a process that stopped answering, not one whose check failed once.</li>
 * </ul>
 * An ID Consul no longer lists tells nothing (deregistered on shutdown while it lets its last
 * purchases finish, or removed long after it died): such transactions are left to DTM. So is every
 * transaction without a coordinator header (another client's) and this process's own.
 * <p>
 * An orphaned XA or TCC transaction is aborted ({@link Action#ABORT}, DTM's Abort: it rolls every
 * registered branch back - a coordinator that is gone can never submit it). An orphaned workflow is
 * resumed once ({@link Action#RESUME}: DTM's {@code resetNextCronTime} makes its cron call the
 * workflow back at once on a live shop-service, which finishes or rolls it back). Messages and sagas
 * hold nothing that waits for their coordinator: DTM drives them.
 * <p>
 * Not thread-safe: one caller, one call at a time.
 */
public final class CoordinatorTakeover {

    /** What ends an orphan. */
    public enum Action { ABORT, RESUME }

    /** A transaction DTM lists as prepared: gid, DTM's trans_type, and its branch headers. */
    public record PreparedTransaction(String gid, String transType, Map<String, String> branchHeaders) {
    }

    /** An orphan, what to do with it, and why (a human text, also the rollback reason DTM stores). */
    public record Orphan(String gid, String transType, Action action, String reason) {
    }

    private final Coordinator self;
    private final Duration grace;
    /** "id incarnation" of each instance seen dead, and when it was first seen so. */
    private final Map<String, Instant> deadSince = new HashMap<>();
    /** Workflows already resumed ({@link #resumed}): once is enough, DTM's cron goes on from there. */
    private final Set<String> resumed = new HashSet<>();

    /**
     * @param self  this process, never taken over
     * @param grace how long an instance's liveness check must stay critical before its transactions
     *              are orphans
     */
    public CoordinatorTakeover(Coordinator self, Duration grace) {
        this.self = Objects.requireNonNull(self, "self");
        this.grace = Objects.requireNonNull(grace, "grace");
    }

    /**
     * @param instances every instance of shop-service Consul lists, passing or not
     * @param prepared  the transactions DTM lists as prepared
     * @param now       this call's time
     */
    public List<Orphan> orphans(List<InstanceHealth> instances, List<PreparedTransaction> prepared, Instant now) {
        Map<String, InstanceHealth> byId = instances.stream()
                .collect(Collectors.toMap(InstanceHealth::id, Function.identity(), (a, b) -> a));
        Set<String> deadNow = new HashSet<>();
        for (InstanceHealth instance : instances) {
            if (instance.dead()) {
                String key = instance.id() + " " + instance.incarnation();
                deadNow.add(key);
                deadSince.putIfAbsent(key, now);
            }
        }
        deadSince.keySet().retainAll(deadNow);
        resumed.retainAll(prepared.stream().map(PreparedTransaction::gid).collect(Collectors.toSet()));

        List<Orphan> orphans = new ArrayList<>();
        for (PreparedTransaction transaction : prepared) {
            Optional<Action> action = switch (transaction.transType()) {
                case "xa", "tcc" -> Optional.of(Action.ABORT);
                case "workflow" -> resumed.contains(transaction.gid()) ? Optional.empty() : Optional.of(Action.RESUME);
                default -> Optional.empty();
            };
            Optional<String> gone = Coordinator.of(transaction.branchHeaders())
                    .filter(coordinator -> !coordinator.equals(self))
                    .flatMap(coordinator -> gone(coordinator, byId.get(coordinator.serviceId()), now));
            if (action.isPresent() && gone.isPresent()) {
                orphans.add(new Orphan(transaction.gid(), transaction.transType(), action.get(), gone.get()));
            }
        }
        return orphans;
    }

    /** DTM took the resume of workflow {@code gid}: it is not an orphan to resume again while DTM lists it prepared. */
    public void resumed(String gid) {
        resumed.add(gid);
    }

    /** Why {@code coordinator} is gone, or empty when it may be alive or nothing is known. */
    private Optional<String> gone(Coordinator coordinator, InstanceHealth instance, Instant now) {
        if (instance == null) {
            return Optional.empty();
        }
        if (!instance.incarnation().isEmpty() && !instance.incarnation().equals(coordinator.incarnation())) {
            return Optional.of("its coordinator " + coordinator.serviceId() + " was restarted (incarnation "
                    + coordinator.incarnation() + ", now " + instance.incarnation() + ")");
        }
        Instant since = instance.dead() ? deadSince.get(instance.id() + " " + instance.incarnation()) : null;
        if (since != null && !since.plus(grace).isAfter(now)) {
            return Optional.of("its coordinator " + coordinator.serviceId() + " died (its Consul liveness check"
                    + " critical since " + Duration.between(since, now).toMillis() + " ms at least)");
        }
        return Optional.empty();
    }
}

package io.dtmshop.dtm.retention;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;

/**
 * The gids DTM held unfinished ({@code prepared}, {@code submitted}, {@code aborting}), snapshot
 * after snapshot, and what may be deleted because of them.
 * <p>
 * "Finished" is DTM's to say; asking DTM about every gid would not scale, so each retention run
 * takes one snapshot of DTM's whole unfinished list instead. A gid missing from a snapshot was
 * finished when the snapshot ended - or did not exist yet when it started: DTM's statuses only move
 * forward (prepared, submitted, aborting, then succeed or failed), and the statuses are read in that
 * order, so a transaction that was unfinished throughout is in at least one of the lists.
 * <p>
 * {@link #verdict} finds S, the latest snapshot that ended at least W ago ({@link LateCallWindow}),
 * and protects every gid in S or in any later snapshot. Rows of any other gid are deletable once
 * they are older than the horizon - but only rows written before S started, which the horizon
 * guarantees while S started less than a horizon ago; a longer gap (DTM unreachable for that long)
 * deletes nothing. Until the history reaches back W (after a start), nothing is deleted either.
 * Times are {@link System#nanoTime()} readings: only their differences count.
 */
public final class UnfinishedHistory {

    private final Duration window;
    private final Deque<Snapshot> snapshots = new ArrayDeque<>();
    private final long firstNanos;

    /**
     * @param window    W
     * @param startNanos when the history began (the service's start): how long it has covered so far
     */
    public UnfinishedHistory(Duration window, long startNanos) {
        this.window = Objects.requireNonNull(window, "window");
        this.firstNanos = startNanos;
    }

    /** One reading of DTM's unfinished list: begun at {@code startedNanos}, complete at {@code endedNanos}. */
    public record Snapshot(long startedNanos, long endedNanos, Set<String> gids) {
        public Snapshot {
            if (endedNanos - startedNanos < 0) {
                throw new IllegalArgumentException("a snapshot ends after it started");
            }
            gids = Set.copyOf(gids);
        }
    }

    /** What a run may do. */
    public sealed interface Verdict permits Protect, Wait {
    }

    /**
     * Delete rows older than the horizon, except those of {@code gids}.
     *
     * @param snapshotAge how long ago S started: the horizon must exceed it (checked by {@link #verdict})
     */
    public record Protect(Set<String> gids, Duration snapshotAge) implements Verdict {
    }

    /** Delete nothing this time, for {@code reason}. */
    public record Wait(String reason) implements Verdict {
    }

    public synchronized void add(Snapshot snapshot) {
        Snapshot last = snapshots.peekLast();
        if (last != null && snapshot.startedNanos() - last.startedNanos() < 0) {
            throw new IllegalArgumentException("snapshots must be added in the order they were taken");
        }
        snapshots.addLast(snapshot);
    }

    /**
     * @param nowNanos now
     * @param horizon  the age past which rows are deleted
     */
    public synchronized Verdict verdict(long nowNanos, Duration horizon) {
        long oldEnough = nowNanos - window.toNanos();
        Snapshot s = null;
        for (Snapshot snapshot : snapshots) {
            if (snapshot.endedNanos() - oldEnough <= 0) {
                s = snapshot;
            }
        }
        if (s == null) {
            return new Wait(("no snapshot of DTM's unfinished transactions is %s old yet (history covers %s): "
                    + "a transaction that ended less than W ago may still get a late call").formatted(
                    Durations.show(window), Durations.show(Duration.ofNanos(Math.max(0, nowNanos - firstNanos)))));
        }
        // S stays, older ones are of no use any more
        while (snapshots.peekFirst() != s) {
            snapshots.removeFirst();
        }
        Duration age = Duration.ofNanos(nowNanos - s.startedNanos());
        if (age.compareTo(horizon) >= 0) {
            return new Wait(("the latest snapshot of DTM's unfinished transactions older than W started %s ago, "
                    + "longer than the %s horizon (DTM could not be asked meanwhile): a row older than the horizon "
                    + "could belong to a transaction that snapshot never saw").formatted(Durations.show(age),
                    Durations.show(horizon)));
        }
        Set<String> unfinished = new HashSet<>();
        for (Iterator<Snapshot> it = snapshots.iterator(); it.hasNext(); ) {
            unfinished.addAll(it.next().gids());
        }
        return new Protect(Set.copyOf(unfinished), age);
    }

    /** Snapshots kept (for tests and logs). */
    public synchronized int size() {
        return snapshots.size();
    }
}

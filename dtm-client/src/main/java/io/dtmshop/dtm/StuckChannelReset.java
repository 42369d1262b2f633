package io.dtmshop.dtm;

import io.grpc.Channel;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Puts a gRPC channel back to idle once it has been connecting for too long, so that its next call
 * resolves the service anew.
 * <p>
 * Why: with Stork name resolution, the resolver of Quarkus 3.30 tells gRPC nothing when discovery
 * finds the same instances as last time - none included (quarkus#54425, fixed in later Quarkus
 * releases). A channel whose first resolution found no instance (DTM or the service was down when
 * the client first called it) then stays CONNECTING for good, even once the service is back, and
 * every call on it ends in DEADLINE_EXCEEDED. {@link ManagedChannel#enterIdle()} drops the
 * resolver; the next call starts a new one. A channel that is ready, idle, or failing fast
 * (TRANSIENT_FAILURE, which gRPC retries by itself) is left alone.
 */
public final class StuckChannelReset implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StuckChannelReset.class);
    /** A connection takes milliseconds; connecting for this long means the channel is stuck. */
    public static final Duration PATIENCE = Duration.ofSeconds(5);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "stuck-channel-reset");
        thread.setDaemon(true);
        return thread;
    });
    private final Duration patience;

    /** @param patience how long a channel may stay CONNECTING before it is reset */
    public StuckChannelReset(Duration patience) {
        this.patience = patience;
    }

    /**
     * Watches {@code channel} until {@link #close()}.
     *
     * @param name    what the channel reaches, for the log
     * @param channel a {@link ManagedChannel}; Quarkus's gRPC client channel is one (a
     *                {@code @Singleton} bean, not a proxy)
     * @return this, to watch the next one
     */
    public StuckChannelReset watch(String name, Channel channel) {
        if (!(channel instanceof ManagedChannel managed)) {
            throw new IllegalArgumentException("channel to " + name + " is a " + channel.getClass().getName()
                    + ", not a ManagedChannel: it cannot be put back to idle");
        }
        Watch watch = new Watch(name, managed);
        long period = Math.max(100, patience.toMillis() / 4);
        timer.scheduleWithFixedDelay(watch::check, period, period, TimeUnit.MILLISECONDS);
        return this;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    private final class Watch {
        private final String name;
        private final ManagedChannel channel;
        /** System.nanoTime() when the channel was first seen connecting; 0 when it is not. */
        private long connectingSince;

        Watch(String name, ManagedChannel channel) {
            this.name = name;
            this.channel = channel;
        }

        void check() {
            if (channel.isShutdown() || channel.getState(false) != ConnectivityState.CONNECTING) {
                connectingSince = 0;
                return;
            }
            long now = System.nanoTime();
            if (connectingSince == 0) {
                connectingSince = now;
            } else if (now - connectingSince >= patience.toNanos()) {
                LOG.warnf("gRPC channel to %s has been connecting for %d s: resolving it again on its next call",
                        name, TimeUnit.NANOSECONDS.toSeconds(now - connectingSince));
                channel.enterIdle();
                connectingSince = 0;
            }
        }
    }
}

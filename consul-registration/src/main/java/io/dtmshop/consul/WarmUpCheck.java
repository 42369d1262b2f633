package io.dtmshop.consul;

import io.quarkus.arc.ClientProxy;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Startup;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Start-up check ({@code /q/health/started}): DOWN until every {@link WarmUp} bean of the service
 * has run once, then UP for good. Consul polls it beside liveness (see
 * {@link RegistrationConfig#startedPath()}), so DTM and Stork send a freshly started service
 * nothing before its first real request is fast.
 * <p>
 * The warm-ups run on their own thread once the application has started, one after the other; a
 * warm-up that fails is tried again every {@link #RETRY_PAUSE} for as long as it fails (the check
 * stays DOWN, with the last error as its data, and the log says why). Without Consul registration
 * (a test that starts one service) nothing runs and the check is UP.
 */
@Startup
@ApplicationScoped
public class WarmUpCheck implements HealthCheck {

    public static final String NAME = "warm-up";
    static final Duration RETRY_PAUSE = Duration.ofMillis(500);
    private static final Logger LOG = Logger.getLogger(WarmUpCheck.class);

    @Inject
    RegistrationConfig config;
    @Inject
    Instance<WarmUp> warmUps;

    private volatile boolean done;
    private volatile long tookMillis;
    private volatile String lastError = "warming up";
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            done = true;
            return;
        }
        List<WarmUp> all = warmUps.stream().toList();
        thread = new Thread(() -> warmUp(all), "warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (thread != null) {
            thread.interrupt();
        }
    }

    private void warmUp(List<WarmUp> all) {
        long start = System.nanoTime();
        try {
            for (WarmUp warmUp : all) {
                runUntilAnswered(warmUp);
            }
        } catch (InterruptedException e) {
            return; // shutting down
        }
        tookMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        done = true;
        LOG.infof("warmed up in %d ms (%d warm-up request%s)", tookMillis, all.size(), all.size() == 1 ? "" : "s");
    }

    private void runUntilAnswered(WarmUp warmUp) throws InterruptedException {
        while (true) {
            try {
                warmUp.run();
                return;
            } catch (Exception e) {
                String error = e.getMessage() != null ? e.getMessage() : e.toString();
                if (!Objects.equals(error, lastError)) {
                    LOG.warnf("warm-up %s failed, trying again every %d ms: %s",
                            ClientProxy.unwrap(warmUp).getClass().getSimpleName(), RETRY_PAUSE.toMillis(), error);
                }
                lastError = error;
            }
            Thread.sleep(RETRY_PAUSE.toMillis());
        }
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
        if (done) {
            return response.up().withData("took-ms", tookMillis).build();
        }
        return response.down().withData("error", lastError).build();
    }
}

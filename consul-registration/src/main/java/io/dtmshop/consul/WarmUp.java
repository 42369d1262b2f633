package io.dtmshop.consul;

/**
 * One real request a service sends to its own server once it has started, before Consul lists it
 * as passing ({@link WarmUpCheck}). A JVM's first request loads and initialises the classes of
 * every layer it passes (gRPC or REST, interceptors, transactions, Hibernate, the JDBC driver and
 * the pool's first connection) and takes about a second or two; DTM gives a branch call only its
 * {@code RequestTimeout}. After the warm-up the next request of that kind takes milliseconds.
 * <p>
 * A service provides its warm-up as a CDI bean. The request must be one the service refuses by
 * construction (e.g. a quantity of 0), so that it changes nothing whatever the data holds.
 */
public interface WarmUp {

    /**
     * Sends the request and waits for its answer, at most a few seconds.
     *
     * @throws Exception when the answer is not the expected one (the server is not listening yet,
     *                   its database cannot be reached, ...); {@link WarmUpCheck} tries again
     */
    void run() throws Exception;
}

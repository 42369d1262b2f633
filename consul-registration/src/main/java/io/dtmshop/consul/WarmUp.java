package io.dtmshop.consul;

/**
 * One real request a service sends to its own server once it has started, before Consul lists it
 * as passing ({@link WarmUpCheck}). A JVM's first request loads and initialises the classes of
 * every layer it passes (gRPC or REST, interceptors, transactions, Hibernate, the JDBC driver and
 * the pool's first connection) and takes about a second or two; DTM gives a branch call only its
 * {@code RequestTimeout}. After the warm-up the next request of that kind takes milliseconds.
 * <p>
 * A service provides its warm-up as a CDI bean. The request must be one the service refuses - an
 * invalid one (0 units), or one no real row satisfies (more units than an INT holds, of a product
 * id AUTO_INCREMENT never hands out) - so that it changes nothing.
 */
public interface WarmUp {

    /**
     * Sends the request and waits for its answer, at most a few seconds. An unexpected answer that
     * went through (the request was accepted after all) is logged, not thrown: tried again, it
     * would be done again.
     *
     * @throws Exception when the request did not get through the way it has to (the server is not
     *                   listening yet, the database cannot be reached, ...); {@link WarmUpCheck}
     *                   tries again
     */
    void run() throws Exception;
}

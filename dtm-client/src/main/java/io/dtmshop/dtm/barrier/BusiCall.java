package io.dtmshop.dtm.barrier;

import java.sql.Connection;

/**
 * Business work guarded by a barrier (Go: {@code dtmcli.BarrierBusiFunc}). It runs on the
 * connection of the barrier's transaction; it must not commit, roll back or close it.
 * Throw {@link io.dtmshop.dtm.DtmFailureException} for a business failure ("roll back the global
 * transaction"); any exception makes the surrounding local transaction roll back.
 */
@FunctionalInterface
public interface BusiCall {

    void call(Connection tx) throws Exception;
}

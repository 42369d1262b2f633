package io.dtmshop.dtm;

import io.dtmshop.dtm.barrier.BranchBarrier;

/**
 * The local transaction of a 2-phase message (Go: {@code func(bb *dtmcli.BranchBarrier) error}).
 * It receives the message's special barrier (branch {@code "00"}, op {@code "msg"}); it must do
 * its work through {@link BranchBarrier#call} in the database the query-prepared URL checks,
 * directly or by calling the service that owns that database with
 * {@link DtmMetadata#attach(BranchBarrier)}.
 */
@FunctionalInterface
public interface BarrierBusiCall {

    /** Throw {@link DtmFailureException} to say "nothing was done, abort the message". */
    void call(BranchBarrier bb) throws Exception;
}

package io.dtmshop.shop.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

@ConfigMapping(prefix = "dtmshop.purchase")
public interface PurchaseConfig {
    /**
     * Deadline of each call to DTM during a purchase (Prepare, Submit, Abort). A waiting Submit
     * includes DTM's first round of branch calls; past it the purchase answers "submitted".
     */
    Duration timeout();

    /**
     * Deadline of each branch the shop calls itself: a TCC Try, an XA action, a 2-phase message's
     * local step and back-check. Past it the branch counts as failed and the purchase is rolled back.
     */
    Duration branchTimeout();
}

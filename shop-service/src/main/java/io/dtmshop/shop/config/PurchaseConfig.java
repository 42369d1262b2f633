package io.dtmshop.shop.config;

import io.smallrye.config.ConfigMapping;

import java.time.Duration;

@ConfigMapping(prefix = "dtmshop.purchase")
public interface PurchaseConfig {
    /** How long a purchase waits for DTM's outcome before it answers "submitted". */
    Duration timeout();
}

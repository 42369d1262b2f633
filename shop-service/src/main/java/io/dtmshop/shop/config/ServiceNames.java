package io.dtmshop.shop.config;

import io.smallrye.config.ConfigMapping;

/** The names DTM and our services carry in Consul (see application.properties). */
@ConfigMapping(prefix = "dtmshop.services")
public interface ServiceNames {
    /** This service: where DTM calls a workflow back. */
    String shop();

    String dtm();

    String stock();

    String order();

    String payment();
}

package io.dtmshop.gateway.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The gateway makes each purchase's gid (DTM's global transaction id, also the order number) before
 * it calls shop-service, so that every answer can carry it - also when shop-service goes away during
 * the call. Both kinds are 32 lowercase hex characters: within what every branch service stores
 * exactly (1-128 of {@code [A-Za-z0-9_.:-]}), and short enough for an XA branch id (MySQL XIDs hold
 * 64 bytes).
 */
public final class PurchaseGids {

    private PurchaseGids() {
    }

    /** A new random gid (a UUID's 128 bits), for a purchase without an Idempotency-Key. */
    public static String random() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /**
     * The gid of a purchase with an Idempotency-Key: the first 128 bits of SHA-256 over the buyer and
     * the key, so that every retry with the key names the same gid, and two buyers using the same key
     * name two.
     */
    public static String fromKey(long userId, String idempotencyKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("dtm-shop purchase\n" + userId + "\n" + idempotencyKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

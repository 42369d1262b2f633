package io.dtmshop.shop.idempotency;

import io.dtmshop.dtm.DtmFailureException;
import io.dtmshop.proto.shop.v1.PurchaseReply;
import io.dtmshop.proto.shop.v1.PurchaseRequest;
import io.dtmshop.shop.config.DtmQueryApi;
import io.dtmshop.shop.purchase.PurchaseOutcome;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Idempotency keys: a buyer who sends the same purchase again with the same key gets the first
 * purchase's gid and outcome, and nothing changes. Keys live in shop_db (table purchase_key, unique
 * per buyer and key), so every shop-service instance sees the same ones; the outcome itself comes
 * from DTM. DTM alone cannot tell a retry from a new purchase: v1.19.0 answers FAILURE to a Submit of
 * a gid that already finished and accepts a second Prepare of a prepared gid (dtmsvr/api.go).
 *
 * <p>{@link #claim} decides, for a request with a key:
 * <ul>
 * <li>a key not seen before: the request runs the purchase ({@link Fresh}); a concurrent duplicate
 *     waits on the row's unique key and then finds it;</li>
 * <li>the same key with another request (mode, product, quantity): ALREADY_EXISTS, nothing changes;</li>
 * <li>the same key and request: its purchase's reply ({@link Replay}): the recorded outcome, or DTM's
 *     status of the gid while none is recorded (202 while it runs);</li>
 * <li>the same key, and DTM holds nothing for the gid although the key was claimed longer ago than
 *     {@code dtmshop.idempotency.takeover-after}: the attempt that claimed it died before it reached
 *     DTM, and this request runs the purchase instead (same gid) - but only while the key is younger
 *     than {@code dtmshop.retention.horizon}, how long DTM keeps a finished transaction. An older
 *     key's purchase may have run and been forgotten by DTM since (the retention deleted it): running
 *     it again would buy twice, so the answer is that its outcome is no longer known.</li>
 * </ul>
 * A purchase that was refused before anything started (bad input, unknown product, DTM unreachable)
 * releases its key ({@link #release}), so that the buyer may send it again. Nothing deletes keys
 * otherwise: they are kept at least as long as DTM keeps the transactions, and at least 24 hours
 * (README "Retention" says why the retention leaves them).
 */
@ApplicationScoped
public class PurchaseKeys {

    private static final Logger LOG = Logger.getLogger(PurchaseKeys.class);

    /** What an Idempotency-Key may be: 1-64 characters of {@code [A-Za-z0-9_.:-]}. */
    public static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    /** What {@link #claim} concluded. */
    public sealed interface Claim permits Fresh, Replay {
    }

    /** This request runs the purchase as attempt {@code attempt} of key row {@code id}, under {@code gid}. */
    public record Fresh(long id, int attempt, String gid) implements Claim {
    }

    /** The key's purchase exists: this is its answer. */
    public record Replay(PurchaseReply reply) implements Claim {
    }

    @Inject
    PurchaseKeyRepository keys;
    @Inject
    @RestClient
    DtmQueryApi dtm;
    /**
     * How long a claimed key must have gone untouched, with DTM holding nothing for its gid, before a
     * retry may run the purchase itself: longer than a purchase can take in the shop.
     */
    @ConfigProperty(name = "dtmshop.idempotency.takeover-after")
    Duration takeoverAfter;
    /** How long DTM keeps a finished transaction (DtmStoreRetentionJob): a key older than this is never taken over. */
    @ConfigProperty(name = "dtmshop.retention.horizon")
    Duration dtmKeepsFinished;
    /** For the clocks of this JVM (the key's time) and of DTM (the transaction's) drifting apart. */
    @ConfigProperty(name = "dtmshop.retention.margin")
    Duration clockMargin;

    /**
     * Claims the buyer's key for this request, or finds the purchase it already stands for.
     *
     * @param gid the gid the purchase runs under if this request is the first with the key
     * @throws StatusRuntimeException INVALID_ARGUMENT for a malformed key; ALREADY_EXISTS when the key
     *         was used for another request
     */
    public Claim claim(String mode, PurchaseRequest request, String gid) {
        String key = request.getIdempotencyKey();
        if (!KEY.matcher(key).matches()) {
            throw Status.INVALID_ARGUMENT.withDescription(
                    "Idempotency-Key must be 1 to 64 letters, digits or _.:-").asRuntimeException();
        }
        String hash = requestHash(mode, request);
        // A key released between our insert and our read: try again (bounded; a release is rare).
        for (int tries = 0; tries < 3; tries++) {
            Optional<Fresh> fresh = insert(request.getUserId(), key, hash, gid, mode);
            if (fresh.isPresent()) {
                return fresh.get();
            }
            Optional<PurchaseKey> row = QuarkusTransaction.requiringNew().call(() -> keys.find(request.getUserId(), key));
            if (row.isPresent()) {
                return existing(row.get(), hash, mode, request);
            }
        }
        throw Status.ABORTED.withDescription("Idempotency-Key " + key + " is being claimed and released; try again")
                .asRuntimeException();
    }

    /** Records the final outcome (succeed, failed) of the purchase a fresh claim ran; a submitted one stays started. */
    public void settle(Fresh claim, PurchaseReply reply) {
        if (PurchaseOutcome.SUBMITTED.equals(reply.getStatus())) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> keys.settle(claim.id(), claim.attempt(), reply.getStatus(),
                truncatedMessage(reply.getMessage()), reply.getRetryable(), Instant.now()));
    }

    /** Forgets a key whose purchase never started, so that the buyer can send it again. */
    public void release(Fresh claim) {
        QuarkusTransaction.requiringNew().run(() -> keys.release(claim.id(), claim.attempt()));
    }

    /**
     * The fingerprint of a request as the buyer sent it: SHA-256, hex, of mode, user, product and
     * quantity, one per line. The gid and the key are not part of it.
     */
    static String requestHash(String mode, PurchaseRequest request) {
        String canonical = mode + "\n" + request.getUserId() + "\n" + request.getProductId() + "\n" + request.getQuantity();
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private Optional<Fresh> insert(long userId, String key, String hash, String gid, String mode) {
        try {
            return Optional.of(QuarkusTransaction.requiringNew().call(() -> {
                PurchaseKey row = new PurchaseKey();
                row.userId = userId;
                row.idempotencyKey = key;
                row.requestHash = hash;
                row.gid = gid;
                row.mode = mode;
                row.status = PurchaseKey.STARTED;
                row.message = "";
                row.attempt = 1;
                row.createdAt = Instant.now();
                row.updatedAt = row.createdAt;
                keys.persistAndFlush(row);
                return new Fresh(row.id, row.attempt, gid);
            }));
        } catch (RuntimeException e) {
            if (isDuplicateKey(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private Claim existing(PurchaseKey row, String hash, String mode, PurchaseRequest request) {
        if (!row.requestHash.equals(hash)) {
            throw Status.ALREADY_EXISTS.withDescription("Idempotency-Key " + row.idempotencyKey + " was already used by user "
                    + row.userId + " for another purchase (" + row.mode + ", gid " + row.gid
                    + "); a new purchase needs a new key").asRuntimeException();
        }
        if (!PurchaseKey.STARTED.equals(row.status)) {
            return replay(row, row.status, row.message, row.retryable);
        }
        DtmQueryApi.Transaction transaction;
        try {
            transaction = dtm.queryAnyServer(row.gid).transaction();
        } catch (RuntimeException e) {
            LOG.infof("gid=%s key %s: DTM cannot be asked: %s", row.gid, row.idempotencyKey, e.toString());
            return replay(row, PurchaseOutcome.SUBMITTED, "the purchase of this Idempotency-Key has no known outcome and "
                    + "DTM cannot be asked now; ask again later", false);
        }
        if (transaction == null) {
            Instant now = Instant.now();
            if (!mayStillBeKnownToDtm(row, now)) {
                LOG.warnf("gid=%s key %s: DTM does not know the purchase of this key, claimed %s: it may have run and been "
                        + "forgotten (DTM keeps finished transactions %s), so it is not run again", row.gid,
                        row.idempotencyKey, row.createdAt, dtmKeepsFinished);
                return replay(row, PurchaseOutcome.SUBMITTED, "the outcome of the purchase of this Idempotency-Key is no "
                        + "longer known (DTM keeps finished purchases for " + dtmKeepsFinished + "); its order, if it was "
                        + "placed, is GET /shop/orders/" + row.gid, false);
            }
            if (QuarkusTransaction.requiringNew().call(() -> keys.takeOver(row.id, row.attempt,
                    now.minus(takeoverAfter), now))) {
                LOG.infof("gid=%s key %s: the attempt that claimed it never reached DTM; running the purchase again",
                        row.gid, row.idempotencyKey);
                return new Fresh(row.id, row.attempt + 1, row.gid);
            }
            return replay(row, PurchaseOutcome.SUBMITTED, "the purchase of this Idempotency-Key is still starting", false);
        }
        return switch (transaction.status()) {
            case PurchaseOutcome.SUCCEED -> settled(row, PurchaseOutcome.SUCCEED, "purchase committed");
            case PurchaseOutcome.FAILED -> settled(row, PurchaseOutcome.FAILED, "rolled back: "
                    + DtmFailureException.reasonOf(transaction.rollbackReason()));
            default -> replay(row, PurchaseOutcome.SUBMITTED, "the purchase of this Idempotency-Key is running (DTM: "
                    + transaction.status() + "); DTM finishes or compensates it", false);
        };
    }

    /**
     * DTM deletes a finished transaction once it is older than {@code dtmshop.retention.horizon} by
     * its last change; the key was claimed before DTM heard of the purchase. So a key younger than the
     * horizon (less a margin for the clocks) names a purchase DTM cannot have forgotten yet: if DTM does
     * not know it, it never got there.
     */
    boolean mayStillBeKnownToDtm(PurchaseKey row, Instant now) {
        return row.createdAt.isAfter(now.minus(dtmKeepsFinished).plus(clockMargin));
    }

    private Claim settled(PurchaseKey row, String status, String message) {
        QuarkusTransaction.requiringNew().run(() -> keys.settle(row.id, row.attempt, status, truncatedMessage(message),
                false, Instant.now()));
        return replay(row, status, message, false);
    }

    private static Replay replay(PurchaseKey row, String status, String message, boolean retryable) {
        return new Replay(PurchaseReply.newBuilder()
                .setGid(row.gid)
                .setOrderNo(row.gid)
                .setMode(row.mode)
                .setStatus(status)
                .setMessage(message)
                .setRetryable(retryable)
                .setReplayed(true)
                .build());
    }

    /** The message column holds 1024 characters: a longer message is stored cut, and marked so with " ...". */
    private static String truncatedMessage(String message) {
        return message.length() <= 1024 ? message : message.substring(0, 1020) + " ...";
    }

    /** MySQL/MariaDB ER_DUP_ENTRY (1062, SQLState 23000) anywhere in the cause chain. */
    private static boolean isDuplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == 1062) {
                return true;
            }
        }
        return false;
    }
}

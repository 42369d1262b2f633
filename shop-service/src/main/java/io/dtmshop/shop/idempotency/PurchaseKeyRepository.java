package io.dtmshop.shop.idempotency;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

@ApplicationScoped
public class PurchaseKeyRepository implements PanacheRepositoryBase<PurchaseKey, Long> {

    public Optional<PurchaseKey> find(long userId, String idempotencyKey) {
        return find("userId = ?1 and idempotencyKey = ?2", userId, idempotencyKey).firstResultOptional();
    }

    /**
     * Gives a purchase that never reached DTM to a retry: only the attempt that is still the
     * row's, and only when it was last touched before {@code staleBefore}. Two retries racing for it
     * cannot both win: the database checks and raises the attempt in one UPDATE.
     *
     * @return true when this caller now owns attempt {@code attempt + 1}
     */
    public boolean takeOver(long id, int attempt, Instant staleBefore, Instant now) {
        return update("attempt = ?1, updatedAt = ?2 where id = ?3 and attempt = ?4 and updatedAt < ?5",
                attempt + 1, now, id, attempt, staleBefore) == 1;
    }

    /** The final outcome of the attempt that still owns the row; false when another attempt took it over. */
    public boolean settle(long id, int attempt, String status, String message, boolean retryable, Instant now) {
        return update("status = ?1, message = ?2, retryable = ?3, updatedAt = ?4 where id = ?5 and attempt = ?6",
                status, message, retryable, now, id, attempt) == 1;
    }

    /** Forgets a key whose purchase never started (refused, or DTM unreachable), so that the buyer can use it again. */
    public boolean release(long id, int attempt) {
        return delete("id = ?1 and attempt = ?2", id, attempt) == 1;
    }
}

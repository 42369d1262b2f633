package io.dtmshop.dtm;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proof that a branch call belongs to a global transaction started by someone who knows a secret
 * the branch services share: an HMAC of the transaction's gid and type. The starter hands it to DTM
 * as a branch header ({@link #HEADER}); DTM sends a transaction's branch headers as gRPC metadata
 * with every branch call it makes - actions, phase 2, retries, a message's back-check, a workflow's
 * resume (DTM v1.19.0 {@code dtmsvr/trans_status.go getGrpcResult}) - and the starter sends it on the
 * branch calls it makes itself (TCC Try, XA action, workflow steps). DTM sets branch headers once per
 * transaction, so the token binds the gid and the transaction type, not the branch or the op.
 *
 * <p>The algorithm (version 1), for any DTM client that signs its transactions for these services:
 * <pre>
 *   metadata key  dtmshop-branch-token
 *   value         "v1." + keyId + "." + base64url_no_padding(HMAC-SHA256(secret, message))
 *   message       "dtmshop-branch-token/v1\n" + trans_type + "\n" + gid        (UTF-8)
 *   keyId         the first 8 hex characters of SHA-256(secret)               (names the secret, reveals nothing)
 *   secret        at least 32 random bytes, configured base64-encoded
 * </pre>
 * With Go's client: {@code saga.BranchHeaders = map[string]string{"dtmshop-branch-token": token}}.
 *
 * <p>Several secrets may be valid at once, so that one can be rotated: the first signs, every one
 * verifies (by its key id). Rotate by putting a new secret first, keeping the old one second until
 * no transaction signed with it can still call a branch, then dropping it.
 */
public final class BranchToken {

    /** The gRPC metadata key (a branch header) that carries the token. */
    public static final String HEADER = "dtmshop-branch-token";
    /** Shortest secret accepted, in bytes (HMAC-SHA256's block of security). */
    public static final int MIN_SECRET_BYTES = 32;

    private static final String VERSION = "v1";
    private static final String CONTEXT = "dtmshop-branch-token/v1\n";
    private static final String ALGORITHM = "HmacSHA256";

    private record Key(String id, SecretKeySpec spec) {
    }

    /** Why a token was refused, for the log (never sent to the caller in more detail than "refused"). */
    public enum Verdict {
        VALID, MISSING, MALFORMED, UNKNOWN_KEY, WRONG
    }

    private final List<Key> keys;

    private BranchToken(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /**
     * @param base64Secrets the valid secrets, base64; the first signs. Each at least
     *        {@link #MIN_SECRET_BYTES} bytes.
     * @throws IllegalArgumentException none given, one not base64, or one too short
     */
    public static BranchToken of(List<String> base64Secrets) {
        Objects.requireNonNull(base64Secrets, "base64Secrets");
        List<Key> keys = new ArrayList<>();
        for (String encoded : base64Secrets) {
            if (encoded == null || encoded.isBlank()) {
                continue;
            }
            byte[] secret;
            try {
                secret = Base64.getDecoder().decode(encoded.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a branch token secret is not base64: " + e.getMessage());
            }
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("a branch token secret has " + secret.length + " bytes; at least "
                        + MIN_SECRET_BYTES + " are needed");
            }
            keys.add(new Key(keyId(secret), new SecretKeySpec(secret, ALGORITHM)));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no branch token secret configured");
        }
        return new BranchToken(keys);
    }

    /**
     * The secrets from configuration: a list (e.g. {@code DTMSHOP_BRANCH_TOKEN_SECRETS}, comma-separated)
     * followed by the lines of a file (e.g. {@code DTMSHOP_BRANCH_TOKEN_SECRETS_FILE}; blank lines and
     * lines starting with {@code #} skipped). The first secret of the two together signs.
     *
     * @throws IllegalStateException neither gives a secret, or the file cannot be read
     */
    public static BranchToken fromSources(List<String> secrets, java.util.Optional<java.nio.file.Path> file) {
        List<String> all = new ArrayList<>(secrets == null ? List.of() : secrets);
        file.ifPresent(path -> {
            try {
                java.nio.file.Files.readAllLines(path).stream().map(String::strip)
                        .filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(all::add);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot read the branch token secrets from " + path + ": " + e, e);
            }
        });
        all.removeIf(secret -> secret == null || secret.isBlank());
        if (all.isEmpty()) {
            throw new IllegalStateException("no branch token secret configured: set dtmshop.branch-token.secrets "
                    + "(DTMSHOP_BRANCH_TOKEN_SECRETS, base64, comma-separated, the first signs) or "
                    + "dtmshop.branch-token.secrets-file (DTMSHOP_BRANCH_TOKEN_SECRETS_FILE, one per line); "
                    + "scripts/stack.sh makes one per stack");
        }
        return of(all);
    }

    /** The token of a transaction, signed with the first secret. */
    public String sign(String transType, String gid) {
        Key key = keys.get(0);
        return VERSION + "." + key.id() + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac(key, transType, gid));
    }

    /** Whether {@code token} was signed for this transaction with one of the secrets; compares in constant time. */
    public Verdict verify(String token, String transType, String gid) {
        if (token == null || token.isEmpty()) {
            return Verdict.MISSING;
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0])) {
            return Verdict.MALFORMED;
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            return Verdict.MALFORMED;
        }
        for (Key key : keys) {
            if (key.id().equals(parts[1])) {
                return MessageDigest.isEqual(mac(key, transType, gid), presented) ? Verdict.VALID : Verdict.WRONG;
            }
        }
        return Verdict.UNKNOWN_KEY;
    }

    /** The key ids of the secrets, first (signing) one first: what an operator compares between services. */
    public List<String> keyIds() {
        return keys.stream().map(Key::id).toList();
    }

    private static byte[] mac(Key key, String transType, String gid) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key.spec());
            return mac.doFinal((CONTEXT + transType + "\n" + gid).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime has " + ALGORITHM, e);
        }
    }

    private static String keyId(byte[] secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret), 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}

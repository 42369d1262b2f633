package io.dtmshop.dtm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BranchTokenTest {

    static final String SECRET = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final String OTHER = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    @Test
    void theTokenIsTheDocumentedHmac() throws Exception {
        // What another client (e.g. Go's) computes from dtm-client's README: same bytes.
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(SECRET), "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal("dtmshop-branch-token/v1\nsaga\ngid-1".getBytes()));
        String keyId = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Base64.getDecoder().decode(SECRET)), 0, 4);

        assertEquals("v1." + keyId + "." + expected, BranchToken.of(List.of(SECRET)).sign("saga", "gid-1"));
    }

    /**
     * A fixed vector, also checked by the Go signer of the interop tests
     * (integration-tests/src/test/go/token_test.go and GoBuyerIT): same secret, trans type and gid,
     * same token, computed independently (Python's hmac gave these strings).
     */
    @Test
    void theTestVectorSharedWithGo() {
        assertEquals("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", SECRET);
        BranchToken token = BranchToken.of(List.of(SECRET));
        assertEquals("v1.3eb1bd43.WI06HNG3s1ZbE4tFEipPEFALLR5d_6JGsPorHGT4_cs", token.sign("saga", "gid-1"));
        assertEquals("v1.3eb1bd43.KO4t3yFJUFcZ3mojZgrNq9MWJszTOQG0KboOwV4m3FM", token.sign("xa", "Kf8xZ2aBcDeFgH"));
    }

    @Test
    void aTokenVerifiesForItsGidAndTransTypeOnly() {
        BranchToken tokens = BranchToken.of(List.of(SECRET));
        String token = tokens.sign("saga", "gid-1");
        assertEquals(BranchToken.Verdict.VALID, tokens.verify(token, "saga", "gid-1"));
        assertEquals(BranchToken.Verdict.WRONG, tokens.verify(token, "saga", "gid-2"));
        assertEquals(BranchToken.Verdict.WRONG, tokens.verify(token, "tcc", "gid-1"));
        assertEquals(BranchToken.Verdict.MISSING, tokens.verify(null, "saga", "gid-1"));
        assertEquals(BranchToken.Verdict.MALFORMED, tokens.verify("v2.x.y", "saga", "gid-1"));
        assertEquals(BranchToken.Verdict.MALFORMED, tokens.verify("v1.x.!!", "saga", "gid-1"));
        assertEquals(BranchToken.Verdict.UNKNOWN_KEY, BranchToken.of(List.of(OTHER)).verify(token, "saga", "gid-1"));
    }

    @Test
    void twoSecretsRotate() {
        BranchToken old = BranchToken.of(List.of(SECRET));
        BranchToken rotated = BranchToken.of(List.of(OTHER, SECRET));
        assertEquals(BranchToken.Verdict.VALID, rotated.verify(old.sign("xa", "g"), "xa", "g"), "the old still verifies");
        assertNotEquals(old.sign("xa", "g"), rotated.sign("xa", "g"), "the new one signs");
        assertEquals(BranchToken.Verdict.UNKNOWN_KEY, old.verify(rotated.sign("xa", "g"), "xa", "g"));
    }

    @Test
    void secretsAreRequiredLongAndBase64() {
        assertThrows(IllegalArgumentException.class, () -> BranchToken.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> BranchToken.of(List.of("not base64!")));
        assertThrows(IllegalArgumentException.class,
                () -> BranchToken.of(List.of(Base64.getEncoder().encodeToString(new byte[31]))));
        assertThrows(IllegalStateException.class, () -> BranchToken.fromSources(List.of(), Optional.empty()));
    }

    @Test
    void secretsFromAListAndAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("secrets");
        Files.writeString(file, "# rotated 2026-11-30\n" + OTHER + "\n\n");
        BranchToken tokens = BranchToken.fromSources(List.of(SECRET), Optional.of(file));
        assertEquals(2, tokens.keyIds().size());
        assertEquals(BranchToken.of(List.of(SECRET)).sign("msg", "g"), tokens.sign("msg", "g"), "the list comes first");
        assertTrue(tokens.verify(BranchToken.of(List.of(OTHER)).sign("msg", "g"), "msg", "g") == BranchToken.Verdict.VALID);
    }
}

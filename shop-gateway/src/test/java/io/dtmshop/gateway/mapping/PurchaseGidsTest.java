package io.dtmshop.gateway.mapping;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PurchaseGidsTest {

    private static final String STORABLE = "[0-9a-f]{32}";

    @Test
    void randomGidsAreNewAndStorable() {
        String a = PurchaseGids.random();
        assertTrue(a.matches(STORABLE), a);
        assertNotEquals(a, PurchaseGids.random());
    }

    @Test
    void aKeyNamesTheSameGidForTheSameBuyerOnly() {
        String gid = PurchaseGids.fromKey(1, "checkout-42");
        assertTrue(gid.matches(STORABLE), gid);
        assertEquals(gid, PurchaseGids.fromKey(1, "checkout-42"));
        assertNotEquals(gid, PurchaseGids.fromKey(2, "checkout-42"), "two buyers may use the same key");
        assertNotEquals(gid, PurchaseGids.fromKey(1, "checkout-43"));
        assertNotEquals(gid, PurchaseGids.fromKey(1, "Checkout-42"), "keys are case-sensitive");
        // the line break separates buyer and key: buyer 1 with key "2x" is not buyer 12 with key "x"
        assertNotEquals(PurchaseGids.fromKey(1, "2x"), PurchaseGids.fromKey(12, "x"));
    }
}

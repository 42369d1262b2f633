package io.dtmshop.dtm;

/**
 * Branch ids of a TCC or XA transaction (Go: {@code dtmimp.BranchIDGen.NewSubBranchID}):
 * {@code "01"} to {@code "99"} in call order.
 */
final class SubBranchIds {

    static final int MAX = 99;
    private int last;

    String next() {
        if (last >= MAX) {
            throw new IllegalStateException("a transaction can have at most " + MAX + " branches");
        }
        last++;
        return String.format("%02d", last);
    }
}

package io.dtmshop.dtm;

import io.grpc.MethodDescriptor;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which (transaction type, op) pairs each branch method of a service serves, declared once per
 * method; {@link DtmBranchServerInterceptor} refuses any other pair (INVALID_ARGUMENT) before the
 * handler runs. Each pair is either one that <em>starts</em> work - an action, a Try, a message's
 * local step, whose refusal makes DTM roll the transaction back (ABORTED) - or one that
 * <em>finishes</em> it - phase 2, a back-check, a workflow's resume, which DTM retries until they
 * succeed and which therefore must never be refused with a rollback.
 *
 * <pre>{@code
 * BranchOps ops = new BranchOps()
 *     .method(StockServiceGrpc.getDeductStockMethod()).starts(SAGA_ACTION, MSG_LOCAL, WORKFLOW_ACTION)
 *     .method(StockServiceGrpc.getRefundStockMethod()).finishes(SAGA_COMPENSATE, WORKFLOW_ROLLBACK);
 * }</pre>
 */
public final class BranchOps {

    /** What a refused call of a pair is answered with. */
    public enum Kind {
        /** Starts work: refused = ABORTED, DTM rolls back. */
        STARTS,
        /** Finishes work DTM holds: refused = an error DTM retries. */
        FINISHES
    }

    private final Map<String, Map<BranchOp, Kind>> methods = new HashMap<>();

    /** Declares one method; then say which pairs it {@code starts} and {@code finishes}. */
    public Method method(MethodDescriptor<?, ?> method) {
        return new Method(method.getFullMethodName());
    }

    /** True when the method is a declared branch method. */
    public boolean isBranchMethod(String fullMethodName) {
        return methods.containsKey(fullMethodName);
    }

    /** The kind of a pair of a branch method, or empty when the method does not serve the pair. */
    public Optional<Kind> kind(String fullMethodName, BranchOp op) {
        return Optional.ofNullable(methods.getOrDefault(fullMethodName, Map.of()).get(op));
    }

    /** The declared pairs of a method (for messages and tests). */
    public Map<BranchOp, Kind> pairs(String fullMethodName) {
        return Collections.unmodifiableMap(methods.getOrDefault(fullMethodName, Map.of()));
    }

    /** The declaration of one method's pairs. */
    public final class Method {
        private final String name;

        private Method(String name) {
            this.name = name;
            methods.computeIfAbsent(name, n -> new LinkedHashMap<>());
        }

        /** Pairs that start work (action, try, a message's local step). */
        public Method starts(BranchOp... ops) {
            return add(Kind.STARTS, ops);
        }

        /** Pairs that finish work (phase 2, back-check, a workflow's resume). */
        public Method finishes(BranchOp... ops) {
            return add(Kind.FINISHES, ops);
        }

        /** The next method. */
        public Method method(MethodDescriptor<?, ?> method) {
            return BranchOps.this.method(method);
        }

        /** The table being built. */
        public BranchOps done() {
            return BranchOps.this;
        }

        private Method add(Kind kind, BranchOp... ops) {
            for (BranchOp op : ops) {
                Kind before = methods.get(name).put(op, kind);
                if (before != null && before != kind) {
                    throw new IllegalArgumentException(name + ": " + op + " declared as " + before + " and " + kind);
                }
            }
            return this;
        }
    }
}

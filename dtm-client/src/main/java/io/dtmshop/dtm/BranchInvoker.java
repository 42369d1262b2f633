package io.dtmshop.dtm;

import java.util.Map;

/**
 * Calls a branch URL the way DTM would (Go: {@code dtmgimp.InvokeBranch}): a raw unary gRPC call
 * with the serialized request and the branch's {@code dtm-*} metadata. The client needs it for a
 * message's back-check (query-prepared) in {@link MsgGrpc#doAndSubmit}.
 */
@FunctionalInterface
public interface BranchInvoker {

    /**
     * @param url branch URL ({@link BranchUrl} forms)
     * @param payload serialized request message (may be empty)
     * @param branch sent as the {@code dtm-*} metadata
     * @param headers extra metadata (the transaction's branch headers), may be empty
     * @return the serialized reply
     * @throws io.grpc.StatusRuntimeException the branch's answer when it is not OK
     */
    byte[] invoke(String url, byte[] payload, BranchContext branch, Map<String, String> headers);
}

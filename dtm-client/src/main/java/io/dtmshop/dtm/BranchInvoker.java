package io.dtmshop.dtm;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
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

    /**
     * A branch's serialized reply as a message of the caller's type (Go fills the {@code reply}
     * argument of {@code CallBranch} the same way).
     *
     * @param type any message of the reply's type, e.g. {@code StockReply.getDefaultInstance()}
     * @throws StatusRuntimeException INTERNAL when the bytes are no such message, as a gRPC stub
     *         answers a reply it cannot read
     */
    @SuppressWarnings("unchecked")
    static <R extends Message> R parseReply(byte[] reply, R type, String url) {
        try {
            return (R) type.getParserForType().parseFrom(reply);
        } catch (InvalidProtocolBufferException e) {
            throw Status.INTERNAL.withDescription("the reply of branch " + url + " is no "
                    + type.getDescriptorForType().getFullName() + ": " + e.getMessage()).withCause(e).asRuntimeException();
        }
    }
}

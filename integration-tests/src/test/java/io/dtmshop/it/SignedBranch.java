package io.dtmshop.it;

import io.dtmshop.dtm.BranchContext;
import io.dtmshop.dtm.BranchToken;
import io.dtmshop.dtm.DtmGrpcClient;
import io.dtmshop.dtm.DtmMetadata;
import io.grpc.ClientInterceptor;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Branch calls a test makes itself, signed as the shop signs them: with the stack's branch token
 * secret ({@link Stack#branchTokenSecrets()}), which the branch services require (README "Trust
 * boundary").
 */
public final class SignedBranch {

    private static volatile BranchToken token;

    private SignedBranch() {
    }

    /** The stack's secrets, read once. */
    public static BranchToken token() {
        if (token == null) {
            token = BranchToken.fromSources(List.of(), Optional.of(Stack.branchTokenSecrets()));
        }
        return token;
    }

    /** The branch's {@code dtm-*} metadata and a valid token for its transaction. */
    public static ClientInterceptor attach(BranchContext branch) {
        return DtmMetadata.attach(branch, Map.of(BranchToken.HEADER, token().sign(branch.transType(), branch.gid())));
    }

    /** A client that signs the transactions it starts, as shop-service does. */
    public static DtmGrpcClient signing(DtmGrpcClient dtm) {
        return dtm.withBranchToken(token());
    }
}

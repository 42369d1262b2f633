package io.dtmshop.dtmbranch;

import io.dtmshop.dtm.BranchToken;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The secrets branch calls must be signed with (see dtm-client's {@link BranchToken}), from
 * configuration: {@code dtmshop.branch-token.secrets} (env {@code DTMSHOP_BRANCH_TOKEN_SECRETS})
 * and/or {@code dtmshop.branch-token.secrets-file} ({@code DTMSHOP_BRANCH_TOKEN_SECRETS_FILE}). A
 * service without a secret does not start: it would refuse every branch call.
 */
@ApplicationScoped
public class BranchTokenProducer {

    private static final Logger LOG = Logger.getLogger(BranchTokenProducer.class);

    @ConfigProperty(name = "dtmshop.branch-token.secrets")
    Optional<List<String>> secrets;
    @ConfigProperty(name = "dtmshop.branch-token.secrets-file")
    Optional<Path> secretsFile;

    @Produces
    @Singleton
    BranchToken branchToken() {
        BranchToken token = BranchToken.fromSources(secrets.orElse(List.of()), secretsFile);
        // The key ids name the secrets without revealing them: compare them between services.
        LOG.infof("branch token secrets: key ids %s (the first signs)", token.keyIds());
        return token;
    }
}

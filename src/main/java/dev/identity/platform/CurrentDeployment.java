package dev.identity.platform;

import dev.identity.IdentityConfig;
import dev.identity.policy.Deployment;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** The deployment this instance runs in, read once at start: an unknown {@code IDENTITY_DEPLOYMENT} stops it. */
@Startup
@ApplicationScoped
public class CurrentDeployment {

    private final Deployment deployment;
    private final Optional<String> supportContact;

    CurrentDeployment(IdentityConfig config) {
        this.deployment = Deployment.of(config.deployment());
        this.supportContact = config.supportContact().map(String::strip).filter(s -> !s.isEmpty());
    }

    public Deployment get() {
        return deployment;
    }

    public Optional<String> supportContact() {
        return supportContact;
    }
}

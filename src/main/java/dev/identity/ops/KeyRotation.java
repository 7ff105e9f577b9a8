package dev.identity.ops;

import dev.identity.mail.MailOutbox;
import dev.identity.platform.SecretBox;
import dev.identity.securityinfo.AuthenticatorService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Rotating IDENTITY_SECRETS_KEY: started with the new key and IDENTITY_SECRETS_KEY_PREVIOUS set to the old
 * one, each instance seals again under the new key whatever was sealed under the old (authenticator seeds,
 * mail waiting in the outbox). Codes sent before the rotation still verify against the previous key until
 * they expire. Once every instance runs the new key, the previous one can be unset.
 */
@ApplicationScoped
public class KeyRotation {

    private static final Logger LOG = Logger.getLogger(KeyRotation.class);

    void onStart(@Observes StartupEvent event, SecretBox secrets, AuthenticatorService authenticators,
            MailOutbox outbox) {
        if (!secrets.rotating()) {
            return;
        }
        // Two transactions: the seeds sealed again stay so even if the waiting mail then fails (and the reverse).
        int seeds = QuarkusTransaction.requiringNew().call(authenticators::resealSeeds);
        int mails = QuarkusTransaction.requiringNew().call(outbox::resealWaiting);
        LOG.infof("Secrets key rotation: sealed %d authenticator seed(s) and %d waiting mail(s) under the new key",
                seeds, mails);
    }
}

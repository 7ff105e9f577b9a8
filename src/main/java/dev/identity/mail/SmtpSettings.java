package dev.identity.mail;

import dev.identity.IdentityConfig;
import io.quarkus.runtime.LaunchMode;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The SMTP relay, configured under the Quarkus mailer's names so that deployments keep theirs
 * ({@code QUARKUS_MAILER_HOST}, {@code _PORT}, {@code _USERNAME}, {@code _PASSWORD}, {@code _FROM},
 * {@code _START_TLS}, {@code _TLS}, {@code _TRUST_ALL}, {@code _MAX_POOL_SIZE}, {@code _MOCK}): the service talks
 * to SMTP itself ({@link SmtpSender}) and no longer through the Quarkus mailer. Read one by one, with their defaults
 * here: a config mapping in Quarkus's namespace would register its defaults as keys no extension claims.
 */
@Singleton
public class SmtpSettings {

    private static final String PREFIX = "quarkus.mailer.";
    /** DESIGN.md 6: a connection idle for more than a minute is not reused. */
    static final Duration MAX_IDLE = Duration.ofMinutes(1);

    /** How STARTTLS is used: never, when the relay offers it, or always (refusing a relay without it). */
    public enum StartTls { DISABLED, OPTIONAL, REQUIRED }

    final String host;
    final int port;
    final Optional<String> username;
    final Optional<String> password;
    final String from;
    final StartTls startTls;
    /** TLS from the first byte (SMTPS, usually port 465). */
    final boolean tls;
    final boolean trustAll;
    /** Connections used side by side for one batch. */
    final int connections;
    /** Mail is written to the log instead of sent: dev mode's default, so codes can be read from the console. */
    final boolean mock;
    /** How long the connect and each reply may take: identity.mail.step-timeout, at most the send timeout. */
    final Duration stepTimeout;
    /** How long a connection may lie idle and still be used again: identity.mail.reuse-within, at most a minute. */
    final Duration reuseWithin;

    SmtpSettings(IdentityConfig identity) {
        Config config = ConfigProvider.getConfig();
        this.host = value(config, "host", String.class).orElse("localhost");
        this.tls = value(config, "tls", Boolean.class).orElse(false);
        this.port = value(config, "port", Integer.class).orElse(tls ? 465 : 25);
        this.username = value(config, "username", String.class).filter(u -> !u.isBlank());
        this.password = value(config, "password", String.class);
        this.from = value(config, "from", String.class)
                .orElse(identity.mail().from());
        this.startTls = StartTls.valueOf(value(config, "start-tls", String.class).orElse("OPTIONAL").strip()
                .toUpperCase(Locale.ROOT));
        this.trustAll = value(config, "trust-all", Boolean.class).orElse(false);
        this.connections = Math.max(1, value(config, "max-pool-size", Integer.class).orElse(10));
        this.mock = value(config, "mock", Boolean.class).orElse(LaunchMode.current() == LaunchMode.DEVELOPMENT);
        Duration send = identity.mail().sendTimeout();
        this.stepTimeout = identity.mail().stepTimeout().compareTo(send) < 0 ? identity.mail().stepTimeout() : send;
        this.reuseWithin = reuseWindow(identity.mail().reuseWithin());
    }

    /** The configured reuse window within what DESIGN.md 6 allows: never negative, never past a minute. */
    static Duration reuseWindow(Duration configured) {
        return configured.isNegative() ? Duration.ZERO : configured.compareTo(MAX_IDLE) > 0 ? MAX_IDLE : configured;
    }

    private static <T> Optional<T> value(Config config, String name, Class<T> type) {
        return config.getOptionalValue(PREFIX + name, type);
    }
}

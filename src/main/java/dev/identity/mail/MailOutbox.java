package dev.identity.mail;

import dev.identity.platform.Jdbc;
import dev.identity.platform.Locales;
import dev.identity.platform.RequestInfo;
import dev.identity.platform.SecretBox;
import io.quarkus.arc.Arc;
import io.quarkus.qute.Engine;
import io.quarkus.qute.Template;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes mail to the outbox in the caller's transaction, so a mail exists exactly when the change that
 * causes it commits. The message is rendered now, in the recipient's language, and sealed.
 */
@ApplicationScoped
public class MailOutbox {

    static final String PURPOSE = "mail-outbox";

    private static final Object WAKE_KEY = new Object();

    private final Jdbc jdbc;
    private final Engine engine;
    private final SecretBox secrets;
    private final TransactionSynchronizationRegistry transactions;
    private final MailDispatcher dispatcher;

    MailOutbox(Jdbc jdbc, Engine engine, SecretBox secrets,
            TransactionSynchronizationRegistry transactions,
            MailDispatcher dispatcher) {
        this.jdbc = jdbc;
        this.engine = engine;
        this.secrets = secrets;
        this.transactions = transactions;
        this.dispatcher = dispatcher;
    }

    /** A rendered mail: the template's first line is the subject, the rest the body. */
    public record Rendered(String locale, String subject, String body) {
    }

    /**
     * Queues a mail. The language is the user's locale when it is one we write, else the request's
     * Accept-Language, else English.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void enqueue(UUID tenantId, UUID userId, String recipient, String userLocale, Mail mail) {
        OutboxMessage message = prepare(tenantId, userId, recipient, userLocale, mail);
        jdbc.update(queueing(message, false));
    }

    /**
     * Renders and seals a mail without queuing it. Recovery-start does this work for a request that mails
     * nobody too, so that both cost the same.
     */
    public OutboxMessage prepare(UUID tenantId, UUID userId, String recipient, String userLocale, Mail mail) {
        Rendered rendered = render(mail, chooseLocale(userLocale));
        UUID id = UUID.randomUUID();
        return new OutboxMessage(id, tenantId, userId, mail.kind().template(), recipient, rendered.locale(),
                secrets.seal(PURPOSE + ":" + id, rendered.subject() + "\n" + rendered.body()), Instant.now());
    }

    /**
     * The insert that queues a prepared mail, for the caller to run in its transaction (which must be active) as
     * part of a combined write ({@link Jdbc#writeAll}); the dispatcher is woken when it commits. A decoy is stored,
     * dispatched and wiped exactly like a real mail but never handed to SMTP: recovery-start queues one when it
     * reaches nobody, so that the work, in the request and after it, does not tell an unknown account from a real
     * one.
     */
    public Jdbc.Statement queueing(OutboxMessage message, boolean decoy) {
        wakeDispatcherAfterCommit();
        return Jdbc.Statement.of("""
                insert into mail_outbox (id, tenant_id, user_id, kind, recipient, locale, sealed_message, created_at,
                    attempts, next_attempt_at, decoy)
                values (?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)""", message.id(), message.tenantId(), message.userId(),
                message.kind(), message.recipient(), message.locale(), message.sealedMessage(), message.createdAt(),
                message.createdAt(), decoy);
    }

    private void wakeDispatcherAfterCommit() {
        if (transactions.getResource(WAKE_KEY) != null) {
            return;
        }
        transactions.putResource(WAKE_KEY, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    dispatcher.wake();
                }
            }
        });
    }

    /** Writes a mail with its kind's template in {@code locale}, which the template reads as {@code mail}. */
    public Rendered render(Mail mail, String locale) {
        Template template = engine.getTemplate("mail/" + locale + "/" + mail.kind().template() + ".txt");
        if (template == null) {
            throw new IllegalStateException("No template " + mail.kind().template() + " for " + locale);
        }
        String text = template.data("mail", mail).render().strip();
        int newline = text.indexOf('\n');
        return new Rendered(locale, text.substring(0, newline).strip(), text.substring(newline + 1).strip() + "\n");
    }

    static String chooseLocale(String userLocale) {
        return Locales.match(userLocale).or(MailOutbox::requestLocale).orElse(Locales.DEFAULT);
    }

    private static java.util.Optional<String> requestLocale() {
        if (!Arc.container().requestContext().isActive()) {
            return java.util.Optional.empty();
        }
        return Arc.container().instance(RequestInfo.class).get().header("Accept-Language")
                .flatMap(Locales::fromAcceptLanguage);
    }

    /** As for authenticator seeds: mail still waiting, sealed under the previous key, is sealed again. */
    public int resealWaiting() {
        record Waiting(UUID id, String sealed) {
        }
        int resealed = 0;
        for (Waiting row : jdbc.list("select id, sealed_message from mail_outbox where sealed_message is not null",
                row -> new Waiting(row.getObject(1, UUID.class), row.getString(2)))) {
            // A message under neither key fails at dispatch and is retried until given up.
            Optional<String> again = secrets.resealed(PURPOSE + ":" + row.id(), row.sealed());
            if (again.isPresent()) {
                resealed += jdbc.update(Jdbc.Statement.of(
                        "update mail_outbox set sealed_message = ? where id = ? and sealed_message = ?", again.get(),
                        row.id(), row.sealed()));
            }
        }
        return resealed;
    }
}

package dev.identity.directory;

import dev.identity.mail.Mail;
import dev.identity.mail.MailOutbox;
import dev.identity.platform.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Mail to the enabled global admins of a tenant about one of its users (DESIGN.md 6: a reset of an admin, an
 * admin's changed security info, a provider's delegated action): every one of them but that user, each in their
 * own language, queued in the caller's transaction.
 */
@ApplicationScoped
public class GlobalAdminNotices {

    private final UserRepository users;
    private final MailOutbox mail;
    private final Jdbc jdbc;

    GlobalAdminNotices(UserRepository users, MailOutbox mail, Jdbc jdbc) {
        this.users = users;
        this.mail = mail;
        this.jdbc = jdbc;
    }

    /** The inserts that queue {@code mailFor} each admin but {@code aboutUserId}, for the caller's combined write. */
    public List<Jdbc.Statement> queueing(UUID tenantId, UUID aboutUserId, Function<User, Mail> mailFor) {
        return users.enabledGlobalAdmins(tenantId).stream().filter(admin -> !admin.id.equals(aboutUserId))
                .map(admin -> mail.queueing(mail.prepare(tenantId, admin.id, admin.email, admin.locale,
                        mailFor.apply(admin)), false))
                .toList();
    }

    /** Queues them now, in the caller's transaction, in one statement. */
    public void enqueue(UUID tenantId, UUID aboutUserId, Function<User, Mail> mailFor) {
        List<Jdbc.Statement> mails = queueing(tenantId, aboutUserId, mailFor);
        if (!mails.isEmpty()) {
            jdbc.writeAll(mails);
        }
    }
}

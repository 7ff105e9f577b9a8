package dev.identity.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.jboss.logging.Logger;

/**
 * Talks SMTP to the relay, with Jakarta Mail (Angus): one connection per batch worker, kept by its sender thread
 * for the next batch while it lies idle less than {@code identity.mail.reuse-within} (10 s; never more than a
 * minute, DESIGN.md 6), checked with a NOOP before it carries anything again, and closed once that time has passed.
 * Under load the batches follow each other within milliseconds, and a connection per batch was a TCP handshake, a
 * greeting, an EHLO and a QUIT for every two or three mails, on both ends.
 *
 * <p>Why Jakarta Mail rather than the Quarkus mailer's Vert.x client: that client has no reply timeout, a send
 * it was told to give up on is never cancelled and keeps its pooled connection, and its pool hands out
 * connections a NAT or a hung relay has long dropped; configuring it ourselves would still leave a send that one
 * cannot stop. Here the conversation is blocking, on the dispatcher's own threads, and every step is bounded:
 * the connect and each reply by {@code stepTimeout} (socket timeouts), the whole of a message (connect included,
 * for the first) by its deadline, at which a watchdog closes the socket. A relay that answers one byte a second
 * beats any per-read timeout; it does not beat the deadline. And the socket refuses to write once the deadline
 * has passed, so a process frozen mid-conversation (a stop, a long pause) that wakes after its lease ended never
 * finishes the message another instance has meanwhile sent.
 *
 * <p>Each message carries a {@code Message-ID} made from its outbox id, the same at every attempt: a relay that
 * took a message whose acknowledgement was lost can tell the retry for what it is.
 */
@ApplicationScoped
public class SmtpSender {

    private static final Logger LOG = Logger.getLogger(SmtpSender.class);

    private final SmtpSettings settings;
    /** One session for every conversation: its sockets come from the conversation on the calling thread. */
    private final Session session;
    private final String messageIdDomain;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "identity-smtp-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    SmtpSender(SmtpSettings settings) {
        this.settings = settings;
        this.session = session(settings);
        int at = settings.from.lastIndexOf('@');
        this.messageIdDomain = at >= 0 && at < settings.from.length() - 1 ? settings.from.substring(at + 1)
                .replaceAll("[^A-Za-z0-9.-]", "") : "identity.invalid";
    }

    boolean mock() {
        return settings.mock;
    }

    int connections() {
        return settings.connections;
    }

    /** A message as it goes out: its outbox id (for the Message-ID), recipient, subject and text. */
    record Outgoing(UUID id, String recipient, String subject, String text) {
    }

    /**
     * The calling thread's conversation with the relay: the one it kept from its last batch when that is still fresh
     * (idle less than the reuse window, not closed), else a new one. Every send on it must end by the deadline it is
     * given; the step timeout is the settings' (SmtpSettings), the same for every conversation. The caller ends its
     * use with {@link Conversation#release} (healthy: kept for the next batch) or {@link Conversation#close}.
     */
    Conversation open() {
        Conversation mine = keptHere.get();
        if (mine != null) {
            keptHere.remove();
            if (mine.takeBack()) {
                return mine;
            }
            mine.close(); // its window passed: closed on its own thread, which made it
        }
        return new Conversation();
    }

    /** Each sender thread's conversation, kept between batches. */
    private final ThreadLocal<Conversation> keptHere = new ThreadLocal<>();
    /** The conversations kept now, to close at shutdown. */
    private final Set<Conversation> kept = ConcurrentHashMap.newKeySet();

    private Session session(SmtpSettings settings) {
        Properties props = new Properties();
        String protocol = settings.tls ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        props.put("mail.transport.protocol", protocol);
        props.put(p + "host", settings.host);
        props.put(p + "port", String.valueOf(settings.port));
        props.put(p + "connectiontimeout", String.valueOf(settings.stepTimeout.toMillis()));
        props.put(p + "timeout", String.valueOf(settings.stepTimeout.toMillis()));
        props.put(p + "from", settings.from);
        props.put(p + "auth", String.valueOf(settings.username.isPresent()));
        props.put(p + "starttls.enable", String.valueOf(settings.startTls != SmtpSettings.StartTls.DISABLED));
        props.put(p + "starttls.required", String.valueOf(settings.startTls == SmtpSettings.StartTls.REQUIRED));
        props.put(p + "socketFactory", new ThreadSockets());
        props.put(p + "socketFactory.fallback", "false");
        if (settings.tls) {
            // SMTPS: our plain socket is made first, then TLS is layered on it.
            props.put(p + "ssl.socketFactory", new LayeredTls(sslFactory()));
        }
        if (settings.trustAll) {
            props.put(p + "ssl.trust", "*");
            props.put(p + "ssl.checkserveridentity", "false");
        } else {
            props.put(p + "ssl.checkserveridentity", "true");
        }
        return Session.getInstance(props);
    }

    void shutdown() {
        for (Conversation conversation : kept) {
            conversation.expire();
        }
        watchdog.shutdownNow();
    }

    /**
     * One SMTP connection for one batch worker's messages, in turn, on the thread that opened it (its sockets are
     * that thread's: {@link ThreadSockets}). Not thread-safe.
     */
    final class Conversation implements AutoCloseable {

        private final GuardedSockets sockets;
        private Transport transport;
        /** Kept from an earlier batch: the relay is asked whether it still answers before the next message. */
        private boolean check;
        /** Kept between batches (guarded by this), and what ends that when the reuse window passes. */
        private boolean idle;
        private ScheduledFuture<?> idleEnd;

        private Conversation() {
            this.sockets = new GuardedSockets();
            ThreadSockets.use(sockets);
        }

        /**
         * Ends this batch's use of a conversation that is healthy: kept for the thread's next batch, and closed by
         * the watchdog if none comes within the reuse window.
         */
        void release() {
            if (transport == null || settings.reuseWithin.isZero() || sockets.closed) {
                close();
                return;
            }
            synchronized (this) {
                check = true;
                idle = true;
                try {
                    idleEnd = watchdog.schedule(this::expire, settings.reuseWithin.toNanos(), TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    idle = false; // shutting down
                }
            }
            if (!idle) {
                close();
                return;
            }
            kept.add(this);
            keptHere.set(this);
        }

        /** Takes a kept conversation back for a batch: false when its window has passed. */
        private synchronized boolean takeBack() {
            if (!idle || sockets.closed) {
                return false;
            }
            idle = false;
            idleEnd.cancel(false);
            kept.remove(this);
            return true;
        }

        /**
         * The reuse window passed with the conversation idle (or the service stops): its sockets are closed from
         * the watchdog's thread, which must never wait on a relay, so without a QUIT; the relay sees the connection
         * end. The sender thread finds it closed at its next batch, and opens another.
         */
        private synchronized void expire() {
            if (idle) {
                idle = false;
                kept.remove(this);
                sockets.closeGently();
            }
        }

        /**
         * Sends one message, connecting first when not connected, all by the deadline (from {@link System#nanoTime}):
         * at the deadline the socket is closed, whatever step the conversation is in. Throws when it did not go;
         * the conversation is then closed and must not be used again.
         */
        void send(Outgoing message, long deadline) throws MessagingException {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new MessagingException("no time left before the lease ends");
            }
            sockets.deadline = deadline;
            ScheduledFuture<?> kill = watchdog.schedule(sockets::closeAll, left, TimeUnit.NANOSECONDS);
            try {
                if (check) {
                    check = false;
                    // Kept from an earlier batch: a NOOP first, given a third of the message's time at most (and
                    // never more than a step). A connection that no longer answers (a relay restarted, a flow a
                    // middlebox dropped) is closed, and the message goes on a new one within the rest of its time.
                    int generation = sockets.generation();
                    ScheduledFuture<?> drop = watchdog.schedule(sockets::dropMade,
                            Math.min(settings.stepTimeout.toNanos(), left / 3), TimeUnit.NANOSECONDS);
                    boolean answers = transport.isConnected();
                    drop.cancel(false);
                    if (!answers || sockets.generation() != generation) {
                        LOG.debugf("SMTP connection kept since the last batch no longer answers; opening another");
                        sockets.dropMade();
                        transport = null;
                    }
                }
                if (transport == null) {
                    transport = session.getTransport();
                    transport.connect(settings.host, settings.port, settings.username.orElse(null),
                            settings.password.orElse(null));
                }
                MimeMessage mime = new StableIdMessage(session, "<" + message.id() + "@" + messageIdDomain + ">");
                mime.setFrom(new InternetAddress(settings.from));
                mime.setRecipients(Message.RecipientType.TO, InternetAddress.parse(message.recipient(), false));
                mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
                mime.setText(message.text(), StandardCharsets.UTF_8.name());
                mime.saveChanges();
                Address[] to = mime.getAllRecipients();
                transport.sendMessage(mime, to);
            } catch (MessagingException | RuntimeException e) {
                close();
                throw e;
            } finally {
                kill.cancel(false);
            }
        }

        /** Says QUIT when the relay still answers in time; closes the socket in any case. */
        @Override
        public void close() {
            Transport open = transport;
            transport = null;
            if (open != null && open.isConnected() && !sockets.closed) {
                ScheduledFuture<?> kill = watchdog.schedule(sockets::closeAll, 2, TimeUnit.SECONDS);
                try {
                    open.close();
                } catch (MessagingException e) {
                    LOG.debugf("SMTP QUIT failed: %s", e.getMessage());
                } finally {
                    kill.cancel(false);
                }
            }
            sockets.closeAll();
            ThreadSockets.done();
        }
    }

    /** A message whose Message-ID is its own, not one Jakarta Mail makes up at each save. */
    private static final class StableIdMessage extends MimeMessage {
        private final String messageId;

        StableIdMessage(Session session, String messageId) {
            super(session);
            this.messageId = messageId;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
        }
    }

    private SSLSocketFactory sslFactory() {
        if (!settings.trustAll) {
            return (SSLSocketFactory) SSLSocketFactory.getDefault();
        }
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
                }

                @Override
                public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
                }

                @Override
                public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                    return new java.security.cert.X509Certificate[0];
                }
            }}, null);
            return context.getSocketFactory();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.identity.mail;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.OTHER_GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.signIn;
import static dev.identity.support.Api.userBody;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.platform.Locales;
import dev.identity.support.Db;
import dev.identity.support.GreenMailResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 6: the outbox, delivery over real SMTP, retries, and mail in the reader's language. */
@QuarkusTest
class MailTest {

    private static final Map<String, String> PASSWORD_CHANGED_SUBJECTS = Map.of(
            "en", "Your password was changed", "ja", "パスワードが変更されました", "zh-TW", "您的密碼已變更",
            "zh-CN", "你的密码已更改", "fr", "Votre mot de passe a été modifié",
            "it", "La tua password è stata modificata");

    @Inject
    Db db;
    @Inject
    MailOutbox outbox;
    @Inject
    MailDispatcher dispatcher;

    private static String userWithLocale(String domain, String localPart, String locale) {
        Map<String, Object> body = userBody(domain, localPart);
        body.put("password", GOOD_PASSWORD);
        if (locale != null) {
            body.put("locale", locale);
        }
        asOperator().body(body).post("/api/v1/tenants/" + domain + "/users").then().statusCode(201);
        return localPart + "@" + domain;
    }

    private static void changePassword(String domain, String localPart, String acceptLanguage) {
        var request = as(signIn(domain, localPart, GOOD_PASSWORD));
        if (acceptLanguage != null) {
            request.header("Accept-Language", acceptLanguage);
        }
        request.body(Map.of("currentPassword", GOOD_PASSWORD, "newPassword", OTHER_GOOD_PASSWORD))
                .post("/api/v1/me/password").then().statusCode(204);
    }

    @Test
    void whenThePasswordChangesThenTheUserIsMailedOverSmtpInTheirLocale() throws Exception {
        String domain = newTenant();
        for (String locale : Locales.SUPPORTED) {
            String local = "u" + locale.replace("-", "").toLowerCase();
            String address = userWithLocale(domain, local, locale);
            changePassword(domain, local, "it");
            MimeMessage mail = GreenMailResource.await(address, 1, Duration.ofSeconds(10)).get(0);
            assertEquals(PASSWORD_CHANGED_SUBJECTS.get(locale), mail.getSubject(), locale);
        }
    }

    @Test
    void whenTheUserHasNoLocaleThenAcceptLanguageChoosesElseEnglish() throws Exception {
        String domain = newTenant();
        String french = userWithLocale(domain, "nolocale1", null);
        changePassword(domain, "nolocale1", "fr-CA, en;q=0.5");
        assertEquals(PASSWORD_CHANGED_SUBJECTS.get("fr"),
                GreenMailResource.await(french, 1, Duration.ofSeconds(10)).get(0).getSubject());
        String traditional = userWithLocale(domain, "nolocale2", null);
        changePassword(domain, "nolocale2", "zh-Hant-HK");
        assertEquals(PASSWORD_CHANGED_SUBJECTS.get("zh-TW"),
                GreenMailResource.await(traditional, 1, Duration.ofSeconds(10)).get(0).getSubject());
        String english = userWithLocale(domain, "nolocale3", null);
        changePassword(domain, "nolocale3", "de-DE");
        assertEquals(PASSWORD_CHANGED_SUBJECTS.get("en"),
                GreenMailResource.await(english, 1, Duration.ofSeconds(10)).get(0).getSubject());
    }

    @Test
    void whenMailWaitsInTheOutboxThenItIsSealedAndWipedOnceSent() {
        String domain = newTenant();
        String address = userWithLocale(domain, "sealed", "en");
        changePassword(domain, "sealed", null);
        GreenMailResource.await(address, 1, Duration.ofSeconds(30));
        // The dispatcher commits after SMTP has taken the mail: wait for that commit.
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                db.single("select sent_at from mail_outbox where recipient = ?1", address) != null);
        assertNull(db.single("select sealed_message from mail_outbox where recipient = ?1", address),
                "the message is wiped once sent");
    }

    @Test
    void whenAMailIsQueuedThenNothingOfItIsReadableInTheTable() {
        String domain = newTenant();
        String address = userWithLocale(domain, "stopped", "en");
        GreenMailResource.stopServer();
        try {
            changePassword(domain, "stopped", null);
            String sealed = (String) db.single("select sealed_message from mail_outbox where recipient = ?1", address);
            assertFalse(sealed.contains("password") || sealed.contains("Person"), "sealed, not readable");
        } finally {
            GreenMailResource.startServer();
        }
        GreenMailResource.await(address, 1, Duration.ofSeconds(30));
    }

    @Test
    void whenSmtpIsDownThenChangesStillSucceedAndEveryMailIsDeliveredOnceItIsBack() throws Exception {
        String domain = newTenant();
        List<String> addresses = List.of(userWithLocale(domain, "down1", "en"), userWithLocale(domain, "down2", "ja"),
                userWithLocale(domain, "down3", "fr"));
        GreenMailResource.stopServer();
        try {
            for (String address : addresses) {
                changePassword(domain, address.substring(0, address.indexOf('@')), null);
            }
            // The dispatcher tried and failed while SMTP was down.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ((Number) db.single(
                    "select count(*) from mail_outbox where tenant_id = (select id from tenant where domain = ?1) "
                    + "and attempts > 0 and sent_at is null", domain)).longValue() > 0);
        } finally {
            GreenMailResource.startServer();
        }
        for (String address : addresses) {
            GreenMailResource.await(address, 1, Duration.ofSeconds(30));
        }
        // Nothing more arrives: watched for a while, not slept through.
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                addresses.stream().allMatch(address -> GreenMailResource.to(address).size() == 1));
    }

    @Test
    void whenASendTimesOutThenItsRetryWaitsTheBackoffCountedFromTheFailureNotFromTheClaim() throws Exception {
        String domain = newTenant();
        String address = userWithLocale(domain, "hung", "en");
        try (AutoCloseable hung = GreenMailResource.silence()) {
            changePassword(domain, "hung", null);
            // The send hangs until the send timeout (5 s in tests), then the failure is written.
            String attempts = "select attempts from mail_outbox where recipient = ?1";
            Awaitility.await().atMost(Duration.ofSeconds(20))
                    .until(() -> ((Number) db.single(attempts, address)).intValue() > 0);
            assertEquals(1, ((Number) db.single(attempts, address)).intValue(), "the hung send was given up once");
            // At least 2 s after the failure, just written. Counted from the claim, 5 s before, it is already past.
            assertTrue((Boolean) db.single("select next_attempt_at > now() + interval '1 second' from mail_outbox "
                    + "where recipient = ?1", address), "the retry waits its backoff from the failure");
        }
        GreenMailResource.await(address, 1, Duration.ofSeconds(30));
    }

    @Test
    void whenADispatchIsHeldUpThenTheOutboxDepthMetricStillCountsWhatWaits() throws Exception {
        String domain = newTenant();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            addresses.add(userWithLocale(domain, "held" + i, "en"));
        }
        try (AutoCloseable hung = GreenMailResource.silence()) {
            // The first mail's dispatch hangs on the silent server for the send timeout (5 s in tests); the
            // others are queued behind it. The gauge must not wait for that dispatch to end.
            for (int i = 0; i < 4; i++) {
                changePassword(domain, "held" + i, null);
            }
            // The outbox depth metric counts the 4 waiting mails within 3 s.
            Awaitility.await().atMost(Duration.ofSeconds(3)).until(() -> outboxDepthMetric() >= 4);
        }
        for (String address : addresses) {
            GreenMailResource.await(address, 1, Duration.ofSeconds(30));
        }
    }

    private static double outboxDepthMetric() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("identity_mail_outbox_depth"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElse(-1);
    }

    @Test
    void whenAMailStillCannotBeSentThreeDaysAfterItWasQueuedThenItIsGivenUpAndItsContentWiped() throws Exception {
        String domain = newTenant();
        String address = userWithLocale(domain, "giveup", "en");
        GreenMailResource.stopServer();
        try {
            changePassword(domain, "giveup", null);
            // Queued three days ago and due now: the next attempt that fails is the last.
            db.update("update mail_outbox set created_at = now() - interval '3 days 1 minute', "
                    + "next_attempt_at = now() where recipient = ?1", address);
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() ->
                    db.single("select failed_at from mail_outbox where recipient = ?1", address) != null); // given up
            assertNull(db.single("select sealed_message from mail_outbox where recipient = ?1", address));
            assertNull(db.single("select sent_at from mail_outbox where recipient = ?1", address));
            assertTrue(((Number) db.single("select attempts from mail_outbox where recipient = ?1", address))
                    .intValue() > 0);
            assertTrue(db.single("select last_error from mail_outbox where recipient = ?1", address) != null);
        } finally {
            GreenMailResource.startServer();
        }
        Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> GreenMailResource.to(address).isEmpty()); // a mail given up is not sent later
    }

    @Test
    void whenAnyKindIsRenderedInAnyLocaleThenItHasASubjectAndNoUnfilledPlaceholder() {
        Set<MailKind> rendered = EnumSet.noneOf(MailKind.class);
        for (String[] choice : List.of(new String[] {"added", "password-reset", "admin", "email"},
                new String[] {"removed", "global-admin-created", "support", "authenticator-added"},
                new String[] {"removed", "password-reset", "delegated", "authenticator-removed"},
                new String[] {"added", "password-reset", "self-service", "email"})) {
            for (Mail mail : samples(choice[0], choice[1], choice[2], choice[3])) {
                rendered.add(mail.kind());
                for (String locale : Locales.SUPPORTED) {
                    MailOutbox.Rendered text = outbox.render(mail, locale);
                    assertFalse(text.subject().isBlank(), mail.kind() + " " + locale);
                    assertFalse(text.body().contains("{"), mail.kind() + " " + locale + " has an unfilled expression");
                    assertTrue(text.body().contains("<tenantName>") || text.subject().contains("<tenantName>"),
                            mail.kind() + " " + locale + " names the tenant");
                }
            }
        }
        assertEquals(EnumSet.allOf(MailKind.class), rendered, "every kind of mail is rendered");
    }

    /** Every kind of mail, its names filled with {@code <name>}, its choices as given. */
    private static List<Mail> samples(String change, String action, String how, String adminChange) {
        return List.of(
                new PasswordNotice(MailKind.PASSWORD_CHANGED, "<displayName>", "<userName>", "<tenantName>", "<when>",
                        "<supportContact>", how),
                new PasswordNotice(MailKind.PASSWORD_RESET, "<displayName>", "<userName>", "<tenantName>", "<when>",
                        "<supportContact>", how),
                new AdminPasswordNotice("<displayName>", "<targetName>", "<targetUserName>", "<tenantName>", "<when>",
                        how),
                new AdminSecurityInfoNotice("<displayName>", "<targetName>", "<targetUserName>", "<tenantName>",
                        "<when>", adminChange),
                new DelegatedActionNotice("<displayName>", "<providerName>", "<tenantName>", "<targetName>",
                        "<targetUserName>", "<when>", action),
                new RecoveryCodeMail("<displayName>", "<userName>", "<tenantName>", "<code>",
                        "https://portal.example/recover?flow=f&code=c"),
                new EmailVerificationMail("<displayName>", "<userName>", "<tenantName>", "<email>", "<code>"),
                new RecoveryEmailNotice("<displayName>", "<userName>", "<tenantName>", "<when>", "<supportContact>",
                        "<newEmail>"),
                new AuthenticatorNotice("<displayName>", "<userName>", "<tenantName>", "<when>", "<supportContact>",
                        change),
                new SessionRevokedNotice("<displayName>", "<userName>", "<tenantName>", "<when>",
                        "<supportContact>"));
    }

    @Test
    void whenATemplateIsWrittenThenItDeclaresItsTypedMailAndReadsOnlyThroughIt() throws Exception {
        // Qute checks expressions on a declared parameter when the service is built; an undeclared name would be
        // checked only when a mail of that kind is rendered. So every expression reads through the declared mail.
        Pattern expression = Pattern.compile("\\{([^}]*)}");
        try (var files = Files.walk(Path.of("src/main/resources/templates/mail"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                List<String> lines = Files.readAllLines(file);
                assertTrue(lines.get(0).matches("\\{@dev\\.identity\\.mail\\.[A-Za-z]+ mail}"),
                        file + " declares its mail");
                Matcher found = expression.matcher(String.join("\n", lines.subList(1, lines.size())));
                while (found.find()) {
                    String inside = found.group(1);
                    assertTrue(inside.startsWith("mail.") || inside.startsWith("#when mail.")
                            || inside.startsWith("#if mail.") || inside.startsWith("#is '") || inside.startsWith("/"),
                            file + ": {" + inside + "} reads outside the typed mail");
                }
            }
        }
    }

    @Test
    void whenAnAuthenticatorChangeIsWrittenThenEachLocaleSaysWhetherItWasAddedOrRemoved() {
        for (String locale : Locales.SUPPORTED) {
            MailOutbox.Rendered added = outbox.render(new AuthenticatorNotice("<displayName>", "<userName>",
                    "<tenantName>", "<when>", "<supportContact>", "added"), locale);
            MailOutbox.Rendered removed = outbox.render(new AuthenticatorNotice("<displayName>", "<userName>",
                    "<tenantName>", "<when>", "<supportContact>", "removed"), locale);
            assertFalse(added.subject().isBlank() || removed.subject().isBlank(), locale);
            assertFalse(added.subject().equals(removed.subject()), locale + ": the subject tells added from removed");
            assertTrue(added.body().contains("<userName>") && added.body().contains("<when>")
                    && removed.body().contains("<supportContact>"), locale);
        }
    }

    @Test
    void whenADispatchSendsBatchesThenEachCommitsAndEveryMailIsMarkedSent() {
        String domain = newTenant();
        UUID tenantId = (UUID) db.single("select id from tenant where domain = ?1", domain);
        int count = 60;
        enqueueNotices(tenantId, domain, "batch", count);
        // Sends run on the mailer's threads while the batch's transaction waits for them; it must still commit,
        // or the batch is sent a second time.
        dispatcher.dispatch();
        // Every mail is marked sent and wiped.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> ((Number) db.single("select count(*) from "
                + "mail_outbox where tenant_id = ?1 and (sent_at is null or sealed_message is not null)", tenantId))
                .longValue() == 0);
        for (int i = 0; i < count; i++) {
            GreenMailResource.await("batch" + i + "@" + domain, 1, Duration.ofSeconds(20));
        }
        // Each was sent once: no second copy comes, for a while.
        Awaitility.await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                java.util.stream.IntStream.range(0, count)
                        .allMatch(i -> GreenMailResource.to("batch" + i + "@" + domain).size() == 1));
    }

    /** Queues {@code count} password-changed notices to prefix0@domain, prefix1@domain... in one transaction. */
    private void enqueueNotices(UUID tenantId, String domain, String prefix, int count) {
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < count; i++) {
                outbox.enqueue(tenantId, null, prefix + i + "@" + domain, "en", new PasswordNotice(
                        MailKind.PASSWORD_CHANGED, prefix, prefix + i, domain, "now", "help", "own"));
            }
        });
    }

    @Test
    void whenSeveralDispatchersRunAtOnceThenEveryMailIsSentExactlyOnce() throws Exception {
        String domain = newTenant();
        UUID tenantId = (UUID) db.single("select id from tenant where domain = ?1", domain);
        int count = 30;
        enqueueNotices(tenantId, domain, "many", count);
        // Four dispatchers race each other and the scheduled one, as several instances would.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                runs.add(pool.submit(() -> dispatcher.dispatch()));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < count; i++) {
            GreenMailResource.await("many" + i + "@" + domain, 1, Duration.ofSeconds(20));
        }
        Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                java.util.stream.IntStream.range(0, count)
                        .allMatch(i -> GreenMailResource.to("many" + i + "@" + domain).size() == 1));
    }
}

package dev.identity.user;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.signInResponse;
import static dev.identity.support.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.identity.ratelimit.SignInFailures;
import dev.identity.support.Db;
import dev.identity.support.GreenMailResource;
import dev.identity.support.Recovery;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 2: user names are one account under their canonical key (NFKC, then Unicode case folding) at creation,
 * sign-in and recovery, in the limits' keys and in the audit.
 */
@QuarkusTest
@QuarkusTestResource(GreenMailResource.class)
class UserNameKeyTest {

    @Inject
    Db db;
    @Inject
    SignInFailures failures;

    private static ValidatableResponse create(String domain, String userName, String email) {
        Map<String, Object> body = new HashMap<>();
        body.put("userName", userName);
        body.put("displayName", "Person");
        body.put("email", email);
        body.put("password", GOOD_PASSWORD);
        return asOperator().body(body).post("/api/v1/tenants/" + domain + "/users").then();
    }

    @Test
    void whenEmileExistsThenEmileInAnotherCaseOrCompositionIsTheSameAccountAndCannotBeCreated() {
        String domain = newTenant();
        String id = create(domain, "\u00C9mile@" + domain, "emile@" + domain).statusCode(201).extract().path("id");
        assertProblem(create(domain, "émile@" + domain, "other@" + domain), 409, "conflict");
        assertProblem(create(domain, "E\u0301MILE@" + domain.toUpperCase(), "other@" + domain), 409, "conflict");
        assertEquals(1L, db.single("select count(*) from app_user where tenant_id = (select id from tenant where domain = ?)", domain));
        signInResponse(domain, "e\u0301mile@" + domain, GOOD_PASSWORD).statusCode(200);
        assertEquals(id, db.single("select target_user_id::text from audit_event where type = 'sign-in' and "
                + "outcome = 'success' and target_user_id = ?::uuid", id));
    }

    @Test
    void whenANameIsTypedInFullWidthFormsThenItSignsInToTheAccountOfItsAsciiForm() {
        String domain = newTenant();
        create(domain, "alice@" + domain, "alice@" + domain).statusCode(201);
        assertProblem(create(domain, "ａｌｉｃｅ@" + domain, "other@" + domain), 409, "conflict");
        signInResponse(domain, "ＡＬＩＣＥ＠" + domain, GOOD_PASSWORD).statusCode(200);
    }

    @Test
    void whenANameHasSharpSThenDoubleSReachesTheSameAccountAtSignInAndRecovery() {
        String domain = newTenant();
        String address = "gross@" + domain;
        create(domain, "Straße@" + domain, address).statusCode(201);
        assertProblem(create(domain, "STRASSE@" + domain, "other@" + domain), 409, "conflict");
        signInResponse(domain, "strasse@" + domain, GOOD_PASSWORD).statusCode(200);
        String flow = Recovery.start(domain, "STRASSE@" + domain);
        List<?> mails = GreenMailResource.await(address, 1, Duration.ofSeconds(20));
        assertEquals(1, mails.size());
        Recovery.verify(flow, "email", Recovery.code(address, 1)).statusCode(200);
    }

    @Test
    void whenTheTurkishDottedCapitalIIsUsedThenUnicodeFoldingDecidesNotALocale() {
        String domain = newTenant();
        create(domain, "İlker@" + domain, "ilker1@" + domain).statusCode(201);
        // İ folds to i with a combining dot above: a plain i is another name, and may be another account.
        create(domain, "ilker@" + domain, "ilker2@" + domain).statusCode(201);
        assertProblem(create(domain, "i\u0307LKER@" + domain, "other@" + domain), 409, "conflict");
        String dotted = signInResponse(domain, "i\u0307lker@" + domain, GOOD_PASSWORD).statusCode(200).extract()
                .path("accessToken");
        assertEquals("İlker@" + domain, dev.identity.support.Api.as(dotted).get("/api/v1/me").then().statusCode(200)
                .extract().path("userName"));
    }

    @Test
    void whenNamesHaveOneKeyThenTheSignInLimitsCountThemAsOneAccount() {
        UUID tenant = UUID.randomUUID();
        SignInFailures.Keys a = failures.keys(tenant, "Émile", "192.0.2.1");
        SignInFailures.Keys b = failures.keys(tenant, "E\u0301MILE", "192.0.2.1");
        SignInFailures.Keys c = failures.keys(tenant, "ａｌｉｃｅ", "192.0.2.1");
        SignInFailures.Keys d = failures.keys(tenant, "ALICE", "192.0.2.1");
        assertArrayEquals(a.account(), b.account());
        assertArrayEquals(c.account(), d.account());
    }

    @Test
    void whenAWrongPasswordIsGivenUnderAnotherFormOfTheNameThenTheAuditNamesTheAccount() {
        String domain = newTenant();
        String id = create(domain, "Zoë@" + domain, "zoe@" + domain).statusCode(201).extract().path("id");
        assertProblem(signInResponse(domain, "ZOE\u0308@" + domain, "Not-The-Password-123"), 401, "unauthorized");
        assertEquals("wrong-password", db.single("select reason from audit_event where type = 'sign-in' and "
                + "target_user_id = ?::uuid and outcome = 'failure'", id));
    }
}

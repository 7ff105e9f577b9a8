package dev.identity.session;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.as;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.newUser;
import static dev.identity.support.Api.signIn;
import static dev.identity.support.Api.signInResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.support.Concurrently;
import dev.identity.support.Db;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md 7: no session outlives the password it was issued for. A token whose session began before the user's
 * last password change is refused, whatever the order in which a sign-in and a reset interleave.
 */
@QuarkusTest
class SessionOutlivesNoPasswordTest {

    private static final int ROUNDS = 30;
    private static final int SIGN_INS = 6;

    @Inject
    Db db;

    @Test
    void whenSignInsAndAResetRunAtOnceManyTimesThenNoTokenIssuedForTheOldPasswordWorksAfterTheReset()
            throws Exception {
        String domain = newTenant();
        int issued = 0;
        int refusedWithTheRightPassword = 0;
        for (int round = 0; round < ROUNDS; round++) {
            String local = "racer" + round;
            String id = newUser(domain, local, GOOD_PASSWORD);
            List<Callable<ExtractableResponse<Response>>> tasks = new ArrayList<>();
            for (int i = 0; i < SIGN_INS; i++) {
                tasks.add(() -> signInResponse(domain, local + "@" + domain, GOOD_PASSWORD).extract());
                if (i == SIGN_INS / 2) {
                    tasks.add(() -> asOperator().body(Map.of())
                            .post("/api/v1/tenants/" + domain + "/users/" + id + "/password-reset").then().extract());
                }
            }
            List<ExtractableResponse<Response>> answers = Concurrently.run(tasks.size(), tasks);
            assertEquals(200, answers.get(SIGN_INS / 2 + 1).statusCode(), "the reset");
            for (int i = 0; i < answers.size(); i++) {
                if (i == SIGN_INS / 2 + 1) {
                    continue;
                }
                ExtractableResponse<Response> answer = answers.get(i);
                if (answer.statusCode() == 200) {
                    issued++;
                    String token = answer.path("accessToken");
                    assertEquals(401, as(token).get("/api/v1/me").then().extract().statusCode(),
                            "round " + round + ": a token of the old password works after the reset");
                } else {
                    assertEquals(401, answer.statusCode());
                    refusedWithTheRightPassword++;
                }
            }
        }
        // Both orders happened: some sign-ins finished before the reset, some lost to it.
        assertTrue(issued > 0, "no sign-in finished before a reset");
        assertTrue(refusedWithTheRightPassword > 0, "no sign-in met a reset");
    }

    /**
     * The guard that holds whatever the race: a session carries the password epoch its sign-in verified, and is
     * refused once the user's epoch has moved on, even if no revocation reached it.
     */
    @Test
    void whenTheUsersPasswordEpochMovesOnThenAnUnrevokedSessionOfTheEarlierPasswordIsRefused() {
        String domain = newTenant();
        newUser(domain, "epoch", GOOD_PASSWORD);
        String token = signIn(domain, "epoch", GOOD_PASSWORD);
        UUID id = UUID.fromString(as(token).get("/api/v1/me").then().statusCode(200).extract().path("id"));
        db.update("update app_user set password_epoch = password_epoch + 1 where id = ?1", id);
        assertEquals(0L, db.single("select count(*) from session where user_id = ?1 and revoked_at is not null", id));
        as(token).get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void whenAPasswordIsChangedThenTheEpochMovesOnAndOnlyLaterSignInsWork() {
        String domain = newTenant();
        newUser(domain, "later", GOOD_PASSWORD);
        String before = signIn(domain, "later", GOOD_PASSWORD);
        as(before).body(Map.of("currentPassword", GOOD_PASSWORD, "newPassword", dev.identity.support.Api.OTHER_GOOD_PASSWORD))
                .post("/api/v1/me/password").then().statusCode(204);
        as(before).get("/api/v1/me").then().statusCode(401);
        String after = signIn(domain, "later", dev.identity.support.Api.OTHER_GOOD_PASSWORD);
        as(after).get("/api/v1/me").then().statusCode(200);
        assertEquals(1L, db.single("select password_epoch from app_user where user_name = ?1", "later@" + domain));
    }
}

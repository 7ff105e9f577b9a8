package dev.identity.user;

import static dev.identity.support.Api.GOOD_PASSWORD;
import static dev.identity.support.Api.asOperator;
import static dev.identity.support.Api.newTenant;
import static dev.identity.support.Api.userBody;
import static dev.identity.support.Problems.assertProblem;
import static dev.identity.support.Recovery.start;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.identity.support.GreenMailResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** DESIGN.md section 6 and API.md: a locale is any well-formed BCP 47 tag, kept in canonical case. */
@QuarkusTest
class LanguageTagTest {

    private static String createWithLocale(String domain, String local, String locale) {
        Map<String, Object> body = userBody(domain, local);
        body.put("password", GOOD_PASSWORD);
        body.put("locale", locale);
        return asOperator().body(body).post("/api/v1/tenants/" + domain + "/users").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void whenAUserIsCreatedWithARegionalTagThenItIsKeptInCanonicalCaseAndTheCodeMailIsInItsLanguage() throws Exception {
        String domain = newTenant();
        Map<String, String> subjects = Map.of("ja-jp", "確認コード", "zh-hant-tw", "您的驗證碼", "fr-CA",
                "Votre code de vérification", "it-IT", "Il tuo codice di verifica", "zh-SG", "你的验证码",
                "de-DE", "Your verification code");
        Map<String, String> canonical = Map.of("ja-jp", "ja-JP", "zh-hant-tw", "zh-Hant-TW", "fr-CA", "fr-CA",
                "it-IT", "it-IT", "zh-SG", "zh-SG", "de-DE", "de-DE");
        for (Map.Entry<String, String> tag : subjects.entrySet()) {
            String local = "tag" + tag.getKey().replace("-", "").toLowerCase();
            String id = createWithLocale(domain, local, tag.getKey());
            asOperator().get("/api/v1/tenants/" + domain + "/users/" + id).then().statusCode(200)
                    .body("locale", equalTo(canonical.get(tag.getKey())));
            start(domain, local + "@" + domain);
            assertEquals(tag.getValue(), GreenMailResource.await(local + "@" + domain, 1, Duration.ofSeconds(20))
                    .get(0).getSubject(), tag.getKey());
        }
    }

    @Test
    void whenAUsersLocaleIsPatchedToATagThenItIsAnsweredInCanonicalCase() {
        String domain = newTenant();
        String id = createWithLocale(domain, "patched", "en-US");
        asOperator().body(Map.of("locale", "ZH-hans-cn")).patch("/api/v1/tenants/" + domain + "/users/" + id)
                .then().statusCode(200).body("locale", equalTo("zh-Hans-CN"));
    }

    @Test
    void whenALocaleIsNotAWellFormedTagThenItIsInvalidRequestNamingTheFieldAndNothingIsStored() {
        String domain = newTenant();
        for (String bad : new String[] {"en_US", "ja-", "japanese_JP", "", "x".repeat(65), "ja JP"}) {
            Map<String, Object> body = userBody(domain, "bad" + UUID.randomUUID().toString().substring(0, 8));
            body.put("locale", bad);
            assertProblem(asOperator().body(body).post("/api/v1/tenants/" + domain + "/users").then(), 400,
                    "invalid-request").body("violations.field", hasItem("locale"));
        }
        String id = createWithLocale(domain, "kept", "ja-JP");
        assertProblem(asOperator().body(Map.of("locale", "ja_JP")).patch("/api/v1/tenants/" + domain + "/users/" + id)
                .then(), 400, "invalid-request").body("violations.field", hasItem("locale"));
        asOperator().get("/api/v1/tenants/" + domain + "/users/" + id).then().body("locale", equalTo("ja-JP"));
    }

    @Test
    void whenAcceptLanguageHasWeightsAndRegionsThenTheProblemTitleIsInTheBestSupportedOne() {
        Map<String, String> titles = Map.of("fr;q=0, it-IT;q=0.5, en;q=0.1", "Non trovato",
                "de-CH, zh-HK;q=0.9, en;q=0.8", "找不到", "en-GB;q=0.3, ja-JP;q=0.7", "見つかりません",
                "fr;q=0", "Not found");
        for (Map.Entry<String, String> title : titles.entrySet()) {
            given().contentType(ContentType.JSON).header("Accept-Language", title.getKey())
                    .body(Map.of("method", "email", "code", "12345678"))
                    .post("/api/v1/recovery/" + UUID.randomUUID() + "/verify").then().statusCode(404)
                    .body("title", equalTo(title.getValue()));
        }
    }
}

package dev.identity.credential;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 25: the hash forms an import accepts, each verified with its own algorithm against known vectors: passlib's
 * documented test vectors (its test suite's known_correct_hashes: JTR's for bcrypt, the scrypt paper's, the argon2
 * reference tool's), hashes passlib 1.7.4 made for this test, and the real Keycloak 26.7 export.
 */
class ImportedHashesTest {

    private static final Argon2id ARGON2 = new Argon2id(19456, 2, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean verify(String password, String stored) {
        return Argon2id.isWellFormed(stored) ? ARGON2.verify(password, stored)
                : ImportedHashes.verifyNonArgon2(password, stored);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // passlib's documented vectors
        "pbkdf2-sha1 (passlib) | password | $pbkdf2$1212$OB.dtnSEXZK8U5cgxU/GYQ$y5LKPOplRmok7CZp/aqVDVg8zGI",
        "pbkdf2-sha256 (passlib) | password | $pbkdf2-sha256$1212$4vjV83LKPjQzk31VI4E0Vw$hsYF68OiOUPdDZ1Fg.fJPeq1h/gXXY7acBp9/6c.tmQ",
        "pbkdf2-sha512 (passlib) | password | $pbkdf2-sha512$1212$RHY0Fr3IDMSVO/RSZyb5ow$eNLfBK.eVozomMr.1gYa17k9B7KIK25NOEshvhrSX.esqY3s.FvWZViXz4KoLlQI.BzY/YTNJOiKc5gBYFYGww",
        "scrypt (the scrypt paper's, passlib) | password | $scrypt$ln=10,r=8,p=16$TmFDbA$/bq+HJ00cgB4VucZDQHp/nxq18vII3gw53N2Y0s3MWI",
        "scrypt (passlib) | test | $scrypt$ln=8,r=8,p=1$wlhLyXmP8b53bm1NKYVQqg$mTpvG8lzuuDk+DWz8HZIB6Vum6erDuUm0As5yU+VxWA",
        "bcrypt 2a (John the Ripper's, passlib) | U*U*U*U* | $2a$05$c92SVSfjeiCD6F2nAD6y0uBpJDjdRkt0EgeC4/31Rf2LUZbDRDE.O",
        "bcrypt 2a (John the Ripper's, passlib) | U*U***U | $2a$05$WY62Xk2TXZ7EvVDQ5fmjNu7b0GEzSzUXUh2cllxJwhtOeMtWV3Ujq",
        "argon2i (passlib) | password | $argon2i$v=19$m=256,t=1,p=1$c29tZXNhbHQ$AJFIsNZTMKTAewB4+ETN1A",
        "argon2i v1.0 without a version (the argon2 tool's) | password | $argon2i$m=65536,t=2,p=4$c29tZXNhbHQAAAAAAAAAAA$QWLzI4TY9HkL2ZTLc8g6SinwdhZewYrzz9zxCo0bkGY",
        // made by passlib 1.7.4 for this test
        "bcrypt 2b | Correct-Horse-1 | $2b$05$mViDYS6l9tK90FQpYogm9uTbD4i1GE9CsGW43RhyppiGF846Hym36",
        "bcrypt 2y | Correct-Horse-1 | $2y$05$LVznTLb45ttyneZKga2cMeWOBBYbdKQ9AomBWMD0guEDEiaTCFGsm",
        "argon2id, other parameters | Correct-Horse-1 | $argon2id$v=19$m=4096,t=3,p=2$vtd6r7XWmhMCwDiHsFZKiQ$xM68RLty09t9miJLU4oP+Q",
        "argon2d | Correct-Horse-1 | $argon2d$v=19$m=1024,t=2,p=1$R6i11roXIqSUsnZOaU3JGQ$bWAjyltAslAP7eKb/13DjQ",
        "argon2i, 8 lanes | Correct-Horse-1 | $argon2i$v=19$m=1024,t=2,p=8$nXMuBaDU2vufE8J4730PIQ$tDJrVB0QqJlGlgnceES0CA",
        "scrypt, passlib's default (64 MiB) | Correct-Horse-1 | $scrypt$ln=16,r=8,p=1$PSek1FrLOWcsRaj1HsNYaw$AyvyQ5KTFpNglFNQoM2FnIZnbJx9Q4aU51ZR9w0SPz8",
        "pbkdf2-sha1 (passlib) | Correct-Horse-1 | $pbkdf2$1000$4rwXYkwJ4bx3bs353/s/Rw$4OuAXmI3PTZSh5vsP5qOm3zJ2xc",
        "pbkdf2-sha256 (passlib) | Correct-Horse-1 | $pbkdf2-sha256$1000$WqvVem9NiVGK8R4jZMz5Hw$ByzvOrLl1kR2v3R/UxmSjUepdaYxqboqRm3O0./MvWQ",
        "pbkdf2-sha256 in the PHC form | Correct-Horse-1 | $pbkdf2-sha256$i=2000,l=32$MDEyMzQ1Njc4OWFiY2RlZg$5BwkbzeXsr8mKLAzP4BLHsw7ww220BymyxzeEhxCeXQ",
        "scrypt (passlib) | Correct-Horse-1 | $scrypt$ln=10,r=8,p=1$XwvBuJfSWotRSqkVYixF6A$VnhtrDqVYRKf+tFtkyQvFIsYuhhe8rY7ZereJFTStVM",
    })
    void whenAHashOfAKnownFormIsImportedThenItVerifiesItsPasswordAndNoOther(String form, String password,
            String hash) throws Exception {
        String stored = ImportedHashes.toStored(TextNode.valueOf(hash));
        assertEquals(hash, stored, "kept as given");
        assertTrue(ImportedHashes.isVerifiable(stored), form);
        assertTrue(verify(password, stored), form + " verifies its password");
        assertFalse(verify(password + "x", stored), form + " refuses another");
        assertTrue(ARGON2.needsRehash(stored), form + " is replaced at the first sign-in");
    }

    @Test
    void whenAPasswordHasCharactersOutsideAsciiThenTheImportedHashIsOfItsUtf8() {
        // passlib's own vector for a Greek password (UPASS_WAV), PBKDF2-HMAC-SHA1
        assertTrue(verify("\u0399\u03c9\u03b1\u03bd\u03bd\u03b7\u03c2",
                "$pbkdf2$1212$THDqatpidANpadlLeTeOEg$HV3oi1k5C5LQCgG1BMOL.BX4YZc"));
    }

    @Test
    void whenTheKeycloakExportIsImportedThenEachUsersCredentialVerifiesTheirPassword() throws Exception {
        Map<String, String> passwords = new HashMap<>();
        for (String line : read("keycloak/passwords.tsv").split("\n")) {
            String[] cells = line.split("\t");
            if (!cells[0].equals("userName")) {
                passwords.put(cells[0], cells[1]);
            }
        }
        JsonNode realm = JSON.readTree(read("keycloak/realm-bench-export.json"));
        int users = 0;
        for (JsonNode user : realm.path("users")) {
            JsonNode credential = user.path("credentials").get(0);
            String stored = ImportedHashes.toStored(credential);
            String algorithm = JSON.readTree(credential.path("credentialData").asText()).path("algorithm").asText();
            String expectedPrefix = switch (algorithm) {
                case "argon2" -> "$argon2id$v=19$m=7168,t=5,p=1$";
                case "pbkdf2" -> "$pbkdf2$1300000$";
                default -> "$" + algorithm + "$";
            };
            assertTrue(stored.startsWith(expectedPrefix), stored);
            String password = passwords.get(user.path("username").asText());
            assertTrue(verify(password, stored), user.path("username").asText() + " (" + algorithm + ")");
            assertFalse(verify(password + "!", stored), user.path("username").asText());
            users++;
        }
        assertEquals(8, users);
    }

    @Test
    void whenAKeycloakCredentialComesAsObjectsRatherThanStringsThenItIsTakenToo() throws Exception {
        JsonNode credential = JSON.readTree("""
                {"secretData": {"value": "AKBEtvdYwNhtzXgIq+MQqjY75hFVeX9BncMB9RreIhE=", "salt": "gXLUmLsfUQ5qAaiDCQMjlw=="},
                 "credentialData": {"hashIterations": 600000, "algorithm": "pbkdf2-sha256"}}""");
        assertTrue(verify("Migrate-pbkdf2-sha256-Passw0rd", ImportedHashes.toStored(credential)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "an unknown form | {SSHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=",
        "plain MD5 | 5f4dcc3b5aa765d61d8327deb882cf99",
        "a Django-style hash | pbkdf2_sha256$260000$salt$hash",
        "bcrypt with a cost over the bound | $2b$15$mViDYS6l9tK90FQpYogm9uTbD4i1GE9CsGW43RhyppiGF846Hym36",
        "bcrypt cut short | $2b$05$mViDYS6l9tK90FQpYogm9uTbD4i1GE9CsGW43Rhypp",
        "argon2 with 4 GiB | $argon2id$v=19$m=4194304,t=3,p=1$vtd6r7XWmhMCwDiHsFZKiQ$xM68RLty09t9miJLU4oP+Q",
        "argon2 with 1000 passes | $argon2id$v=19$m=4096,t=1000,p=1$vtd6r7XWmhMCwDiHsFZKiQ$xM68RLty09t9miJLU4oP+Q",
        "scrypt with 1 GiB | $scrypt$ln=20,r=8,p=1$PSek1FrLOWcsRaj1HsNYaw$AyvyQ5KTFpNglFNQoM2FnIZnbJx9Q4aU51ZR9w0SPz8",
        "pbkdf2 with 100 million rounds | $pbkdf2-sha256$100000000$WqvVem9NiVGK8R4jZMz5Hw$ByzvOrLl1kR2v3R/UxmSjUepdaYxqboqRm3O0./MvWQ",
        "pbkdf2 whose length says otherwise | $pbkdf2-sha256$i=2000,l=64$MDEyMzQ1Njc4OWFiY2RlZg$5BwkbzeXsr8mKLAzP4BLHsw7ww220BymyxzeEhxCeXQ",
        "an empty string | ''",
    })
    void whenAHashIsOfNoKnownFormOrBeyondTheBoundsThenTheImportRefusesIt(String what, String hash) {
        assertThrows(ImportedHashes.Refused.class, () -> ImportedHashes.toStored(TextNode.valueOf(hash)), what);
        assertFalse(ImportedHashes.isVerifiable(hash), what);
    }

    @Test
    void whenAKeycloakCredentialIsOfAnotherAlgorithmOrBrokenThenItIsRefused() throws Exception {
        for (String bad : new String[] {
            "{\"secretData\": \"{}\", \"credentialData\": \"{\\\"algorithm\\\": \\\"sha1\\\", \\\"hashIterations\\\": 1}\"}",
            "{\"secretData\": \"not json\", \"credentialData\": \"{}\"}",
            "{\"secretData\": {\"value\": \"%%%\", \"salt\": \"AA==\"}, \"credentialData\": {\"algorithm\": \"pbkdf2\", \"hashIterations\": 1000}}",
            "{\"secretData\": {\"value\": \"AAAA\", \"salt\": \"AA==\"}, \"credentialData\": {\"algorithm\": \"argon2\", \"hashIterations\": 5, \"additionalParameters\": {\"memory\": [\"lots\"]}}}",
            "{\"credentialData\": {}}",
        }) {
            assertThrows(ImportedHashes.Refused.class, () -> ImportedHashes.toStored(JSON.readTree(bad)), bad);
        }
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = ImportedHashesTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

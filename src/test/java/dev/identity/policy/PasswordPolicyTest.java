package dev.identity.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The password rules of DESIGN.md section 5, one by one, without HTTP. */
class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy();

    private List<String> rulesBrokenBy(String password) {
        return policy.check(new PasswordCandidate(password, "alice@contoso.example", "Alice Smith",
                "contoso.example", "Contoso Pharmaceuticals")).stream().map(PasswordPolicy.PolicyViolation::rule)
                .toList();
    }

    @Test
    void whenPasswordIsLongUnguessableAndImpersonalThenNoRuleIsBroken() {
        assertEquals(List.of(), rulesBrokenBy("Violet-Harbor-Lantern-42"));
    }

    @Test
    void whenShorterThan12CodePointsThenMinLength() {
        assertTrue(rulesBrokenBy("Vi0let-Harb").contains("min-length"));
        assertEquals(List.of(), rulesBrokenBy("Vx7!qLm2#pRz"));
    }

    @Test
    void whenLongerThan128CodePointsThenMaxLengthAnd128IsAccepted() {
        String base = "Violet-Harbor-Lantern-42-";
        String exactly128 = (base.repeat(6)).substring(0, 128);
        assertTrue(!rulesBrokenBy(exactly128).contains("max-length"));
        assertTrue(rulesBrokenBy(exactly128 + "x").contains("max-length"));
    }

    @Test
    void whenLengthIsCountedThenCodePointsAfterNfkcCount() {
        // Twelve emoji: 24 UTF-16 units but 12 code points.
        assertTrue(!rulesBrokenBy("🍎🍐🍊🍋🍌🍉🍇🍓🫐🍈🍒🍑").contains("min-length"));
        // Eleven letters in their full-width form are eleven characters after NFKC.
        assertTrue(rulesBrokenBy("ｑｚｊｘｖｋｗｐｍｒｔ").contains("min-length"));
    }

    @Test
    void whenCommonlyUsedPasswordThenCommonPassword() {
        assertTrue(rulesBrokenBy("password1234").contains("common-password"));
        assertTrue(rulesBrokenBy("qwertyuiop123").contains("common-password")
                || rulesBrokenBy("qwertyuiop123").contains("easily-guessed"));
    }

    @Test
    void whenEasilyGuessedThenEasilyGuessed() {
        assertTrue(rulesBrokenBy("aaaaaaaaaaaaaaaa").contains("easily-guessed"));
        assertTrue(rulesBrokenBy("1234567890123").stream()
                .anyMatch(r -> r.equals("easily-guessed") || r.equals("common-password")));
    }

    @Test
    void whenContainsUserNameThenContainsUserName() {
        assertTrue(rulesBrokenBy("xx-ALICE-Harbor-Lantern-42").contains("contains-user-name"));
    }

    @Test
    void whenContainsDisplayNameThenContainsDisplayName() {
        assertTrue(rulesBrokenBy("Harbor-smith-Lantern-42").contains("contains-display-name"));
    }

    @Test
    void whenContainsTenantNameThenContainsTenantName() {
        assertTrue(rulesBrokenBy("Harbor-Contoso-Lantern-42").contains("contains-tenant-name"));
        assertTrue(rulesBrokenBy("Harbor-pharmaceuticals-Lantern").contains("contains-tenant-name"));
    }

    @Test
    void whenSeveralRulesAreBrokenThenEachIsNamedOnce() {
        List<String> rules = rulesBrokenBy("alice");
        assertTrue(rules.containsAll(List.of("min-length", "contains-user-name", "contains-display-name")), rules::toString);
        assertEquals(rules.size(), rules.stream().distinct().count());
    }

    @Test
    void whenPasswordIsGeneratedThenNameAndLengthRulesStillApplyWithoutTheEstimate() {
        PasswordCandidate common = new PasswordCandidate("password1234", "alice@contoso.example", "Alice Smith",
                "contoso.example", "Contoso Pharmaceuticals");
        assertTrue(policy.check(common).stream().anyMatch(v -> v.rule().equals("common-password")));
        assertEquals(List.of(), policy.checkWithoutEstimate(common));
        PasswordCandidate named = new PasswordCandidate("Kp4xQ9-Alice-W7mZ2r", "alice@contoso.example",
                "Alice Smith", "contoso.example", "Contoso Pharmaceuticals");
        assertEquals(List.of("contains-user-name", "contains-display-name"), policy.checkWithoutEstimate(named).stream()
                .map(PasswordPolicy.PolicyViolation::rule).toList());
    }
}

package dev.identity.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.identity.IdentityConfig;
import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The defaults of the limits are written once, in IdentityConfig; application.properties does not repeat them
 * outside the test profile, and the configuration table (docs/configuration.md) lists them as they are.
 */
class LimitDefaultsTest {

    /** {@code IDENTITY_RATE_LIMIT_SIGN_IN_PER_ADDRESS -> 60/1m}, from the @WithDefault annotations. */
    private static Map<String, String> defaults() {
        Map<String, String> found = new TreeMap<>();
        collect(IdentityConfig.RateLimit.class, "IDENTITY_RATE_LIMIT", found);
        try {
            found.put("IDENTITY_HASHING_CALLER_SHARE", IdentityConfig.Hashing.class.getMethod("callerShare")
                    .getAnnotation(WithDefault.class).value());
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
        return found;
    }

    private static void collect(Class<?> type, String prefix, Map<String, String> found) {
        for (Method method : type.getDeclaredMethods()) {
            String name = prefix + "_" + method.getName().replaceAll("([A-Z])", "_$1").toUpperCase();
            WithDefault value = method.getAnnotation(WithDefault.class);
            if (value != null) {
                found.put(name, value.value());
            } else if (method.getReturnType().isInterface()) {
                collect(method.getReturnType(), name, found);
            }
        }
    }

    @Test
    void whenTheLimitsDefaultsAreReadThenIdentityConfigAndTheConfigurationTableAgree() throws IOException {
        String readme = Files.readString(Path.of("docs", "configuration.md"));
        Map<String, String> defaults = defaults();
        assertTrue(defaults.size() >= 14, "every limit has its default: " + defaults);
        for (Map.Entry<String, String> limit : defaults.entrySet()) {
            Matcher row = Pattern.compile("\\| `" + limit.getKey() + "` \\| `([^`]*)`").matcher(readme);
            assertTrue(row.find(), "docs/configuration.md lists " + limit.getKey());
            assertEquals(limit.getValue(), row.group(1), "docs/configuration.md's default of " + limit.getKey());
        }
    }

    @Test
    void whenApplicationPropertiesIsReadThenItSetsNoLimitOutsideTheTestProfile() throws IOException {
        for (String line : Files.readAllLines(Path.of("src/main/resources/application.properties"))) {
            assertTrue(!line.startsWith("identity.rate-limit.") && !line.startsWith("identity.hashing.caller-share"),
                    "a second default: " + line);
        }
    }
}

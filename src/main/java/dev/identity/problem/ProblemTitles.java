package dev.identity.problem;

import dev.identity.platform.Locales;
import dev.identity.platform.RequestInfo;
import io.quarkus.arc.Arc;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Problem titles in the language the request asks for with {@code Accept-Language} (among the service's
 * languages), else English. The detail stays English: it is for developers, the title for people.
 */
public final class ProblemTitles {

    private static final Map<String, Properties> TITLES = load();

    private ProblemTitles() {
    }

    /** The locale a problem of the current request is written in. */
    public static String currentLocale() {
        return acceptLanguage().flatMap(Locales::fromAcceptLanguage).orElse(Locales.DEFAULT);
    }

    public static String title(ProblemType type, String locale) {
        Properties titles = TITLES.get(locale);
        return titles == null ? type.title() : titles.getProperty(type.slug(), type.title());
    }

    private static Optional<String> acceptLanguage() {
        var container = Arc.container();
        if (container == null || !container.requestContext().isActive()) {
            return Optional.empty();
        }
        try {
            return container.instance(RequestInfo.class).get().header("Accept-Language");
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Properties> load() {
        Map<String, Properties> titles = new HashMap<>();
        for (String locale : Locales.SUPPORTED) {
            try (InputStream in = ProblemTitles.class.getResourceAsStream("/problem-titles/" + locale + ".properties")) {
                if (in != null) {
                    Properties properties = new Properties();
                    properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                    titles.put(locale, properties);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Map.copyOf(titles);
    }
}

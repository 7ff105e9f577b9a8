package dev.identity.problem;

import io.quarkus.arc.Arc;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The methods each path of the API takes, for the {@code Allow} header of a 405 (RFC 9110 section 15.5.6: the server
 * must send one). The REST layer knows them when it answers OPTIONS but does not put them on its 405, so they are
 * read once from the resource classes' annotations.
 */
public final class AllowedMethods {

    private static final List<String> ORDER = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
    private static final Map<Class<? extends Annotation>, String> VERBS = Map.of(GET.class, "GET", HEAD.class, "HEAD",
            POST.class, "POST", PUT.class, "PUT", PATCH.class, "PATCH", DELETE.class, "DELETE", OPTIONS.class, "OPTIONS");
    private static final Pattern PARAMETER = Pattern.compile("\\{\\s*\\w[\\w.-]*\\s*(?::\\s*((?:[^{}]|\\{[^{}]*})+))?}");

    private static volatile Map<Pattern, Set<String>> table;

    private AllowedMethods() {
    }

    /** The {@code Allow} value for a request path, e.g. {@code GET, HEAD, OPTIONS}; empty when no resource has it. */
    public static String forPath(String path) {
        Set<String> methods = new TreeSet<>((a, b) -> Integer.compare(rank(a), rank(b)));
        for (Map.Entry<Pattern, Set<String>> entry : table().entrySet()) {
            if (entry.getKey().matcher(path).matches()) {
                methods.addAll(entry.getValue());
            }
        }
        if (methods.isEmpty()) {
            return "";
        }
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        methods.add("OPTIONS"); // answered by the REST layer for every resource path
        return String.join(", ", methods);
    }

    private static int rank(String method) {
        int rank = ORDER.indexOf(method);
        return rank < 0 ? ORDER.size() : rank;
    }

    private static Map<Pattern, Set<String>> table() {
        Map<Pattern, Set<String>> built = table;
        if (built == null) {
            built = build();
            table = built;
        }
        return built;
    }

    private static Map<Pattern, Set<String>> build() {
        Map<String, Set<String>> byTemplate = new LinkedHashMap<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> type = bean.getBeanClass();
            Path root = type.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            for (Method method : type.getMethods()) {
                for (Map.Entry<Class<? extends Annotation>, String> verb : VERBS.entrySet()) {
                    if (method.isAnnotationPresent(verb.getKey())) {
                        Path sub = method.getAnnotation(Path.class);
                        String template = join(root.value(), sub == null ? "" : sub.value());
                        byTemplate.computeIfAbsent(template, t -> new TreeSet<>()).add(verb.getValue());
                    }
                }
            }
        }
        Map<Pattern, Set<String>> patterns = new LinkedHashMap<>();
        byTemplate.forEach((template, methods) -> patterns.put(regex(template), Set.copyOf(methods)));
        return Map.copyOf(patterns);
    }

    private static String join(String root, String sub) {
        String path = ("/" + root + "/" + sub).replaceAll("/+", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** A path template as a pattern: {@code {name}} is one segment, {@code {name: regex}} its regex. */
    static Pattern regex(String template) {
        StringBuilder regex = new StringBuilder();
        Matcher parameter = PARAMETER.matcher(template);
        int last = 0;
        List<String> parts = new ArrayList<>();
        while (parameter.find()) {
            parts.add(Pattern.quote(template.substring(last, parameter.start())));
            parts.add(parameter.group(1) == null ? "[^/]+" : "(?:" + parameter.group(1).trim() + ")");
            last = parameter.end();
        }
        parts.add(Pattern.quote(template.substring(last)));
        parts.forEach(regex::append);
        return Pattern.compile(regex + "/?");
    }
}

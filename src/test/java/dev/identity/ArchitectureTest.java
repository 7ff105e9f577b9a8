package dev.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The arrows between the packages of {@code src/main}: each package lives on a floor and uses only packages on the
 * floors below it, so no arrow runs up and no two packages depend on each other. A new package must be given its
 * floor here; docs/layout.md draws the same house.
 */
class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("dev.identity");

    /**
     * The floors, lowest first. The configuration ({@code dev.identity.IdentityConfig}) is read on every floor and
     * knows none.
     */
    private static final List<List<String>> FLOORS = List.of(
            // The rules of who may do what (DESIGN.md), in plain Java.
            List.of("policy"),
            // The ground: the database, secrets, the request's sender, locales, the deployment in force.
            List.of("platform"),
            // The error vocabulary; the audit trail every feature writes.
            List.of("problem", "audit"),
            // Mail and the rate limits serve the features and know none.
            List.of("mail", "ratelimit"),
            // The stored tenants and users.
            List.of("directory"),
            // Who calls: tokens, sessions, the caller, and the audited enforcement of the policy's decisions.
            List.of("session"),
            // The one path that writes a password; the codes and authenticator secrets.
            List.of("credential"),
            // The features.
            List.of("signin", "tenant", "securityinfo", "adminreset"),
            List.of("user", "me"),
            List.of("userimport", "delegation", "recovery"),
            // The edge filters and the operations jobs: nothing uses them.
            List.of("http", "ops"));

    /** Every arrow between two packages points to a lower floor. */
    @Test
    void everyArrowBetweenPackagesPointsDown() {
        Map<String, Integer> floor = new HashMap<>();
        for (int i = 0; i < FLOORS.size(); i++) {
            for (String name : FLOORS.get(i)) {
                floor.put(name, i);
            }
        }
        List<String> wrong = new ArrayList<>();
        arrows().forEach((from, targets) -> {
            for (String to : targets) {
                if (!floor.containsKey(from) || !floor.containsKey(to)) {
                    wrong.add(from + " -> " + to + " (a package on no floor: place it in FLOORS)");
                } else if (floor.get(to) >= floor.get(from)) {
                    wrong.add(from + " -> " + to + " (floor " + floor.get(from) + " uses floor " + floor.get(to) + ")");
                }
            }
        });
        assertEquals(List.of(), wrong, "arrows that do not point down");
    }

    /** Every package of the code is on a floor, and every floor's package exists. */
    @Test
    void everyPackageHasItsFloor() {
        Set<String> present = new TreeSet<>();
        for (JavaClass type : MAIN) {
            String name = feature(type.getPackageName());
            if (name != null) {
                present.add(name);
            }
        }
        Set<String> placed = new TreeSet<>();
        FLOORS.forEach(placed::addAll);
        assertEquals(placed, present);
    }

    /** No circle of packages that depend on each other (what the floors forbid, named as a cycle when it happens). */
    @Test
    void noCycleBetweenPackages() {
        Map<String, Set<String>> arrows = arrows();
        Set<Set<String>> cycles = circles(arrows);
        assertEquals(Set.of(), cycles, "the circles of packages that depend on each other: " + cycles
                + " (arrows: " + arrows + ")");
    }

    private static Map<String, Set<String>> arrows() {
        Map<String, Set<String>> arrows = new TreeMap<>();
        for (JavaClass type : MAIN) {
            String from = feature(type.getPackageName());
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String to = feature(dependency.getTargetClass().getPackageName());
                if (from != null && to != null && !from.equals(to)) {
                    arrows.computeIfAbsent(from, f -> new TreeSet<>()).add(to);
                }
            }
        }
        return arrows;
    }

    /** The first package under dev.identity ({@code user} for dev.identity.user.x), or null outside. */
    private static String feature(String packageName) {
        if (!packageName.startsWith("dev.identity.")) {
            return null;
        }
        String rest = packageName.substring("dev.identity.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** The strongly connected components of more than one package (Tarjan's algorithm). */
    private static Set<Set<String>> circles(Map<String, Set<String>> arrows) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        Set<Set<String>> found = new HashSet<>();
        int[] counter = {0};
        for (String node : arrows.keySet()) {
            if (!index.containsKey(node)) {
                connect(node, arrows, index, low, stack, onStack, found, counter);
            }
        }
        return found;
    }

    private static void connect(String node, Map<String, Set<String>> arrows, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, Set<Set<String>> found, int[] counter) {
        index.put(node, counter[0]);
        low.put(node, counter[0]++);
        stack.push(node);
        onStack.add(node);
        for (String next : arrows.getOrDefault(node, Set.of())) {
            if (!index.containsKey(next)) {
                connect(next, arrows, index, low, stack, onStack, found, counter);
                low.put(node, Math.min(low.get(node), low.get(next)));
            } else if (onStack.contains(next)) {
                low.put(node, Math.min(low.get(node), index.get(next)));
            }
        }
        if (low.get(node).equals(index.get(node))) {
            Set<String> component = new TreeSet<>();
            String member;
            do {
                member = stack.pop();
                onStack.remove(member);
                component.add(member);
            } while (!member.equals(node));
            if (component.size() > 1) {
                found.add(component);
            }
        }
    }
}

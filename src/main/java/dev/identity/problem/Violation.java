package dev.identity.problem;

/** One broken rule of a request: which field, which rule (a stable key) and a sentence for people. */
public record Violation(String field, String rule, String message) {
}

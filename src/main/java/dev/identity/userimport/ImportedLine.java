package dev.identity.userimport;

import java.util.Map;
import java.util.UUID;

/** A line of an import as read: ready to be written (its user, id, key, roles, locale, hash), or its answer. */
record ImportedLine(int line, ImportUser user, UUID id, String userName, String key, String roles, String locale,
        String hash, Map<String, Object> answer) {

    boolean writes() {
        return answer == null;
    }
}

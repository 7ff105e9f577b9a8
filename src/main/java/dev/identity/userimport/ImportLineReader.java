package dev.identity.userimport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.identity.credential.ImportedHashes;
import dev.identity.policy.Role;
import dev.identity.policy.RoleMatrix;
import dev.identity.policy.UserNames;
import dev.identity.problem.ProblemException;
import dev.identity.problem.ProblemMappers;
import dev.identity.problem.ProblemType;
import dev.identity.session.Principal;
import dev.identity.user.UserService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * One line of an import, read and judged on its own: JSON as strict as the API's, the fields validated as at user
 * creation, the roles against the tenant and the role matrix, the hash's form and bounds. What it gives is ready to
 * be written, or is the line's answer (its problem slug, field and detail).
 */
@ApplicationScoped
class ImportLineReader {

    private final Validator validator;
    private final ObjectReader lines;

    ImportLineReader(Validator validator, ObjectMapper mapper) {
        this.validator = validator;
        this.lines = mapper.readerFor(ImportUser.class);
    }

    ImportedLine read(UserImport.Start start, ImportLines.Line line) {
        if (line.problem() != null) {
            String detail = line.problem() == ImportLines.Problem.TOO_LONG
                    ? "The line is over " + UserImport.MAX_LINE + " bytes." : "The line is not UTF-8.";
            return failed(line.number(), null, ProblemType.INVALID_REQUEST, detail, "body");
        }
        ImportUser user;
        try {
            user = lines.readValue(line.text());
        } catch (UnrecognizedPropertyException e) {
            return failed(line.number(), null, ProblemType.INVALID_REQUEST,
                    "Unknown field '" + e.getPropertyName() + "'.", e.getPropertyName());
        } catch (InvalidFormatException e) {
            return failed(line.number(), null, ProblemType.INVALID_REQUEST,
                    "The value is not one of the accepted values or formats" + (isRole(e) ? " (roles: "
                            + java.util.Arrays.toString(Role.values()) + ")." : "."), pathOf(e));
        } catch (JsonMappingException e) {
            return failed(line.number(), null, ProblemType.INVALID_REQUEST, "A field has the wrong type.", pathOf(e));
        } catch (JsonProcessingException e) {
            return failed(line.number(), null, ProblemType.INVALID_REQUEST, "The line is not a JSON object.", "body");
        }
        if (user == null) {
            return failed(line.number(), null, ProblemType.INVALID_REQUEST, "The line is not a JSON object.", "body");
        }
        Set<ConstraintViolation<ImportUser>> violations = validator.validate(user);
        if (!violations.isEmpty()) {
            ConstraintViolation<ImportUser> first = violations.stream()
                    .min(Comparator.comparing(v -> v.getPropertyPath().toString())).orElseThrow();
            String field = first.getPropertyPath().toString().replaceAll("\\[\\d+]\\.<.*>$", "");
            return failed(line.number(), user.userName(), ProblemType.INVALID_REQUEST,
                    violations.stream().map(v -> v.getPropertyPath() + " " + v.getMessage()).sorted()
                            .collect(Collectors.joining("; ")) + ".", field);
        }
        Set<Role> roles = user.roles() == null ? EnumSet.noneOf(Role.class) : EnumSet.copyOf(user.roles());
        try {
            UserService.checkRolesExistIn(start.tenant(), roles); // the same rule as user creation
        } catch (ProblemException e) {
            return failed(line.number(), user.userName(), ProblemType.INVALID_REQUEST, e.getMessage(), "roles");
        }
        if (start.principal() instanceof Principal.SignedIn signedIn && !RoleMatrix.mayGrant(signedIn.roles(), roles)) {
            return failed(line.number(), user.userName(), ProblemType.ROLE_NOT_PERMITTED,
                    "Your role may not grant these roles.", "roles");
        }
        String hash = null;
        if (user.passwordHash() != null && !user.passwordHash().isNull()) {
            try {
                hash = ImportedHashes.toStored(user.passwordHash());
            } catch (ImportedHashes.Refused e) {
                return failed(line.number(), user.userName(), ProblemType.INVALID_REQUEST, e.getMessage(),
                        "passwordHash");
            }
        }
        String userName = user.userName().strip();
        return new ImportedLine(line.number(), user, UUID.randomUUID(), userName, UserNames.key(userName),
                roles.stream().map(Role::name).sorted().collect(Collectors.joining(",")),
                UserService.canonicalLocale(user.locale()), hash, null);
    }

    private static boolean isRole(InvalidFormatException e) {
        return e.getTargetType() == Role.class;
    }

    private static String pathOf(JsonMappingException e) {
        return ProblemMappers.pathOf(e).replaceAll("\\[\\d+]$", ""); // roles[1] is about roles
    }

    private static ImportedLine failed(int line, String userName, ProblemType type, String detail, String field) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("line", line);
        answer.put("result", type.slug());
        if (userName != null) {
            answer.put("userName", userName);
        }
        answer.put("field", field);
        answer.put("detail", detail);
        return new ImportedLine(line, null, null, null, null, null, null, null, answer);
    }
}

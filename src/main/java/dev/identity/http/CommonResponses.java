package dev.identity.http;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Answers every operation can give, whatever it does: 503 {@code service-busy} while the database is
 * unreachable (a restart or failover), besides the hashing queue of the password operations; 414 and 431 from the
 * HTTP layer, for a request line or headers over its limits. And what follows from an operation's shape: 413 and
 * 415 for one that takes a body (its size and its media type are checked before it runs), 401 for one that needs a
 * token, the 410, 423 and 429 of a typed code for one that takes a {@code VerificationCode}. The resources list
 * only the answers that say something of their own.
 *
 * <p>Run when the document is built, at package time: the service then serves it as built. Run at startup (as
 * {@code mp.openapi.filter}), it cost every start a fresh pass over the whole document.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.BUILD)
public class CommonResponses implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() != null) {
            add(operation, "503", "ServiceBusy");
            add(operation, "414", "UriTooLong");
            add(operation, "431", "HeadersTooLarge");
            if (operation.getRequestBody() != null) {
                add(operation, "413", "PayloadTooLarge");
                add(operation, "415", "UnsupportedMediaType");
            }
            if (operation.getSecurity() != null && !operation.getSecurity().isEmpty()) {
                add(operation, "401", "Unauthorized");
            }
            if (takes(operation, "VerificationCode")) {
                // The rule of every code a user types (credential/CodeAttempts): each try is counted, the fifth wrong
                // one locks (423), a used or stale one is gone (410). Its 400 (invalid-code, with the tries left) is
                // the resource's own: the generator puts a bare 400 on every validated body before this filter runs.
                add(operation, "410", "FlowExpired");
                add(operation, "423", "FlowLocked");
                add(operation, "429", "RateLimited");
            }
        }
        return operation;
    }

    /**
     * A schema that is one of several kinds ({@code PasswordHash}: a string or a Keycloak credential) is declared on
     * an interface, which the generator also types {@code object}: that type, beside the {@code oneOf}, would refuse
     * the string.
     */
    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        Schema hash = schemas.get("PasswordHash");
        if (hash != null) {
            hash.setType(null);
        }
        Schema line = schemas.get("ImportUser");
        if (line != null && line.getProperties() != null && line.getProperties().get("passwordHash") != null) {
            line.getProperties().get("passwordHash").setType(null);
        }
    }

    private static boolean takes(Operation operation, String schema) {
        return operation.getRequestBody() != null && operation.getRequestBody().getContent() != null
                && operation.getRequestBody().getContent().getMediaTypes().values().stream()
                        .anyMatch(type -> type.getSchema() != null
                                && ("#/components/schemas/" + schema).equals(type.getSchema().getRef()));
    }

    private static void add(Operation operation, String status, String component) {
        if (!operation.getResponses().hasAPIResponse(status)) {
            operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
        }
    }
}

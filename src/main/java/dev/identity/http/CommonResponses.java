package dev.identity.http;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import java.util.Map;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;

/**
 * Answers every operation can give, whatever it does: 503 {@code service-busy} while the database is
 * unreachable (a restart or failover), besides the hashing queue of the password operations; 414 and 431 from the
 * HTTP layer, for a request line or headers over its limits.
 */
public class CommonResponses implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() != null) {
            add(operation, "503", "ServiceBusy");
            add(operation, "414", "UriTooLong");
            add(operation, "431", "HeadersTooLarge");
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

    private static void add(Operation operation, String status, String component) {
        if (!operation.getResponses().hasAPIResponse(status)) {
            operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
        }
    }
}

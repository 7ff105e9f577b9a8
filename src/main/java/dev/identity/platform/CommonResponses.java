package dev.identity.platform;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;

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

    private static void add(Operation operation, String status, String component) {
        if (!operation.getResponses().hasAPIResponse(status)) {
            operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().ref(component));
        }
    }
}

package dev.identity.platform;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Operation;

/**
 * Answers every operation can give, whatever it does: 503 {@code service-busy} while the database is
 * unreachable (a restart or failover), besides the hashing queue of the password operations.
 */
public class CommonResponses implements OASFilter {

    @Override
    public Operation filterOperation(Operation operation) {
        if (operation.getResponses() != null && !operation.getResponses().hasAPIResponse("503")) {
            operation.getResponses().addAPIResponse("503", OASFactory.createAPIResponse().ref("ServiceBusy"));
        }
        return operation;
    }
}

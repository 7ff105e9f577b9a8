package dev.identity.http;

import dev.identity.problem.ProblemException;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;

/**
 * A body that was sent must be a JSON value the resource can take: Jackson reads a literal {@code null} as
 * no body at all, which for an optional body (an on-behalf reset's) would mean "do the default". Refused here
 * for every body, so no resource needs to tell the two apart.
 */
@Provider
public class NoNullBody implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        Object body = context.proceed();
        boolean sent = !"0".equals(context.getHeaders().getFirst("Content-Length"))
                && (context.getHeaders().containsKey("Content-Length")
                        || context.getHeaders().containsKey("Transfer-Encoding"));
        if (body == null && sent) {
            throw ProblemException.invalid("body", "wrong-type", "The body must be a JSON object, or empty.");
        }
        return body;
    }
}

package dev.identity.platform;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * What the current HTTP request says about its sender. The client address honours forwarded headers
 * only from the proxies trusted by {@code quarkus.http.proxy.*}, which Vert.x applies before we see it.
 * Work with a request context but no HTTP request (a scheduled job) has no sender: every answer is empty.
 */
@RequestScoped
public class RequestInfo {

    @Inject
    CurrentVertxRequest current;

    public String clientAddress() {
        return request().map(HttpServerRequest::remoteAddress).map(SocketAddress::hostAddress).orElse(null);
    }

    public Optional<String> header(String name) {
        return request().map(r -> r.getHeader(name));
    }

    private Optional<HttpServerRequest> request() {
        RoutingContext context = current.getCurrent();
        return context == null ? Optional.empty() : Optional.of(context.request());
    }
}

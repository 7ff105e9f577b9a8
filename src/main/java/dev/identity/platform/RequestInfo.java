package dev.identity.platform;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * What the current HTTP request says about its sender. The client address honours forwarded headers
 * only from the proxies trusted by {@code quarkus.http.proxy.*}, which Vert.x applies before we see it.
 */
@RequestScoped
public class RequestInfo {

    @Inject
    HttpServerRequest request;

    public String clientAddress() {
        SocketAddress address = request.remoteAddress();
        return address == null ? null : address.hostAddress();
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name));
    }
}

package dev.identity.platform;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.UUID;

/**
 * What the current HTTP request says about its sender. The client address is read from the connection's peer
 * and the forwarded headers by {@link ClientAddresses}, right to left through the proxies trusted by
 * {@code quarkus.http.proxy.*} ({@link ProxySettings}); not from Vert.x' forwarded address, which takes the
 * left-most value, the one a client writes itself. Work with a request context but no HTTP request (a scheduled
 * job) has no sender: every answer is empty.
 */
@RequestScoped
public class RequestInfo {

    @Inject
    CurrentVertxRequest current;
    @Inject
    ProxySettings proxies;

    private String clientAddress;
    private UUID userId;
    private UUID tenantId;

    /**
     * Who the request acts for, once known: the signed-in user, or the user a reset token belongs to. The hash
     * pool shares itself out by it, and its refusals are audited in that tenant.
     */
    public void actFor(UUID userId, UUID tenantId) {
        this.userId = userId;
        this.tenantId = tenantId;
    }

    /** The tenant a request addresses, once known, when no user is (an anonymous sign-in). */
    public void addressTenant(UUID tenantId) {
        if (this.tenantId == null) {
            this.tenantId = tenantId;
        }
    }

    public Optional<UUID> userId() {
        return Optional.ofNullable(userId);
    }

    public Optional<UUID> tenantId() {
        return Optional.ofNullable(tenantId);
    }

    /** The client's address as found (the whole address, for the audit); null outside an HTTP request. */
    public String clientAddress() {
        if (clientAddress == null) {
            clientAddress = request().map(this::client).orElse(null);
        }
        return clientAddress;
    }

    /** What limits count the client by: its address, an IPv6 one by its /64 ({@link ClientAddresses#limitKey}). */
    public String clientLimitKey() {
        String address = clientAddress();
        return address == null ? "" : ClientAddresses.limitKey(address);
    }

    private String client(HttpServerRequest request) {
        // The connection's own peer: the request's remoteAddress() is Vert.x' forwarded one when forwarding is on.
        SocketAddress peer = request.connection() != null ? request.connection().remoteAddress()
                : request.remoteAddress();
        String peerAddress = peer == null ? "" : peer.hostAddress();
        return proxies.client(peerAddress, request.headers().getAll("Forwarded"),
                request.headers().getAll("X-Forwarded-For"));
    }

    public Optional<String> header(String name) {
        return request().map(r -> r.getHeader(name));
    }

    private Optional<HttpServerRequest> request() {
        RoutingContext context = current.getCurrent();
        return context == null ? Optional.empty() : Optional.of(context.request());
    }
}

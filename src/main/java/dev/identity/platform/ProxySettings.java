package dev.identity.platform;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which forwarded headers name the client, read once from Quarkus' own proxy settings so that operators configure
 * one thing: {@code QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING}, {@code _TRUSTED_PROXIES}, {@code _ALLOW_FORWARDED}
 * and {@code _ALLOW_X_FORWARDED}. Unlike Quarkus, which trusts every peer when no trusted proxy is listed, the
 * client address honours forwarded headers only from a listed one (DESIGN.md 4.5): with none, the peer is the
 * client.
 */
@ApplicationScoped
public class ProxySettings {

    private final boolean forwarding;
    private final boolean forwarded;
    private final boolean xForwarded;
    private final ClientAddresses.Trusted trusted;

    ProxySettings(@ConfigProperty(name = "quarkus.http.proxy.proxy-address-forwarding", defaultValue = "false")
            boolean forwarding,
            @ConfigProperty(name = "quarkus.http.proxy.allow-forwarded", defaultValue = "false") boolean forwarded,
            @ConfigProperty(name = "quarkus.http.proxy.allow-x-forwarded") Optional<Boolean> xForwarded,
            @ConfigProperty(name = "quarkus.http.proxy.trusted-proxies") Optional<List<String>> trusted) {
        this.forwarding = forwarding;
        this.forwarded = forwarded;
        // As Quarkus reads it: X-Forwarded-* is allowed unless said otherwise or Forwarded is the one allowed.
        this.xForwarded = xForwarded.orElse(!forwarded);
        this.trusted = ClientAddresses.Trusted.of(trusted.orElse(List.of()));
    }

    /** The client's address, from the connection's peer and the header lines the request carries. */
    public String client(String peer, List<String> forwardedLines, List<String> xForwardedForLines) {
        if (!forwarding || trusted.isEmpty()) {
            return peer;
        }
        List<String> hops = forwarded && !forwardedLines.isEmpty() ? ClientAddresses.forwardedFor(forwardedLines)
                : xForwarded ? ClientAddresses.xForwardedFor(xForwardedForLines) : List.of();
        return ClientAddresses.client(peer, hops, trusted);
    }
}

package dev.identity.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** DESIGN.md 4.5: the client address read from the right through the trusted proxies; IPv6 limited by /64. */
class ClientAddressesTest {

    private static final ClientAddresses.Trusted PROXIES = ClientAddresses.Trusted.of(
            List.of("127.0.0.1", "10.0.0.0/8", "2001:db8:ffff::/48"));

    private static String client(String peer, String... xForwardedFor) {
        return ClientAddresses.client(peer, ClientAddresses.xForwardedFor(List.of(xForwardedFor)), PROXIES);
    }

    @Test
    void whenTheForwardedChainIsReadThenItIsReadFromTheRightSkippingTrustedProxies() {
        assertEquals("198.51.100.7", client("127.0.0.1", "198.51.100.7"));
        assertEquals("198.51.100.7", client("127.0.0.1", "203.0.113.9, 198.51.100.7"));
        assertEquals("198.51.100.7", client("127.0.0.1", "203.0.113.9, 198.51.100.7, 10.1.2.3"));
        assertEquals("198.51.100.7", client("127.0.0.1", "203.0.113.9", "198.51.100.7, 10.1.2.3"));
        assertEquals("203.0.113.9", client("127.0.0.1", "203.0.113.9, 10.9.9.9, 10.1.2.3"));
        assertEquals("2001:db8:1:2:0:0:0:9", client("127.0.0.1", "[2001:db8:1:2::9]:4711, 2001:db8:ffff:1::1"));
    }

    @Test
    void whenThePeerIsNotATrustedProxyThenItsForwardedHeadersAreIgnored() {
        assertEquals("192.0.2.44", client("192.0.2.44", "198.51.100.7"));
        assertEquals("192.0.2.44", ClientAddresses.client("192.0.2.44", List.of("198.51.100.7"),
                ClientAddresses.Trusted.none()));
    }

    @Test
    void whenAValueIsNotAnAddressThenTheWalkEndsAtTheHopBeforeIt() {
        assertEquals("127.0.0.1", client("127.0.0.1", "x"));
        assertEquals("127.0.0.1", client("127.0.0.1", "198.51.100.7, unknown"));
        assertEquals("10.1.2.3", client("127.0.0.1", "198.51.100.7, _hidden, 10.1.2.3"));
        assertEquals("127.0.0.1", client("127.0.0.1", ""));
        assertEquals("127.0.0.1", client("127.0.0.1", "999.1.1.1"));
        assertEquals("127.0.0.1", client("127.0.0.1", "localhost"));
    }

    @Test
    void whenForwardedIsUsedThenItsForValuesAreTheChain() {
        List<String> hops = ClientAddresses.forwardedFor(List.of(
                "for=203.0.113.9;proto=https, for=\"[2001:db8:cafe::17]:4711\"", "for=10.1.2.3;by=10.0.0.1"));
        assertEquals("2001:db8:cafe:0:0:0:0:17", ClientAddresses.client("127.0.0.1", hops, PROXIES));
        assertEquals("127.0.0.1", ClientAddresses.client("127.0.0.1",
                ClientAddresses.forwardedFor(List.of("for=unknown")), PROXIES));
    }

    @Test
    void whenAnAddressIsLimitedThenIPv4CountsAloneAndIPv6ByItsSlash64() {
        assertEquals("198.51.100.7", ClientAddresses.limitKey("198.51.100.7"));
        assertEquals("198.51.100.7", ClientAddresses.limitKey("::ffff:198.51.100.7"));
        assertEquals("2001:db8:1:2::/64", ClientAddresses.limitKey("2001:db8:1:2:aaaa:bbbb:cccc:dddd"));
        assertEquals(ClientAddresses.limitKey("2001:db8:1:2::1"), ClientAddresses.limitKey("2001:db8:1:2:ffff::9"));
    }
}

package dev.identity.platform;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who sent a request, from the connection's peer and the forwarded headers (DESIGN.md 4.5).
 *
 * <p>A proxy appends the address it saw to {@code X-Forwarded-For} (or adds a {@code Forwarded: for=} element);
 * what a client wrote itself stands to the left of that. So the chain is read from the right: the peer first,
 * and while the hop at hand is a trusted proxy, the value it appended. The first hop that is not a trusted proxy
 * is the client. A value that is not an IP address ({@code unknown}, an obfuscated name, garbage) ends the walk
 * at the hop before it, which answers for the request: a client can never write its way out of the per-address
 * limit, nor into a fresh address per request. Forwarded headers count only when the peer is a trusted proxy.
 *
 * <p>Limits key an address by {@link #limitKey}: an IPv4 address as it is, an IPv6 address by its /64, since one
 * subscriber is handed a whole /64 and can send from any address in it.
 */
public final class ClientAddresses {

    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** The trusted proxies: addresses and CIDR ranges. */
    public static final class Trusted {
        private final List<Range> ranges;

        private Trusted(List<Range> ranges) {
            this.ranges = List.copyOf(ranges);
        }

        public static Trusted none() {
            return new Trusted(List.of());
        }

        /**
         * From {@code quarkus.http.proxy.trusted-proxies} entries: an address, a CIDR range, or a host name
         * (resolved once, now); a {@code :port} suffix is ignored (the peer's port says nothing of trust).
         */
        public static Trusted of(List<String> entries) {
            List<Range> ranges = new ArrayList<>();
            for (String raw : entries) {
                String entry = raw.trim();
                if (entry.isEmpty()) {
                    continue;
                }
                int slash = entry.indexOf('/');
                if (slash > 0) {
                    InetAddress base = literal(entry.substring(0, slash))
                            .orElseThrow(() -> new IllegalArgumentException("Not a CIDR range: " + raw));
                    ranges.add(new Range(base.getAddress(), Integer.parseInt(entry.substring(slash + 1))));
                    continue;
                }
                Optional<InetAddress> address = literal(stripPort(entry));
                if (address.isPresent()) {
                    ranges.add(Range.single(address.get()));
                } else {
                    try {
                        for (InetAddress resolved : InetAddress.getAllByName(stripPort(entry))) {
                            ranges.add(Range.single(resolved));
                        }
                    } catch (UnknownHostException e) {
                        throw new IllegalArgumentException("Trusted proxy " + raw + " does not resolve", e);
                    }
                }
            }
            return new Trusted(ranges);
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            return ranges.stream().anyMatch(r -> r.contains(bytes));
        }

        boolean isEmpty() {
            return ranges.isEmpty();
        }
    }

    private record Range(byte[] base, int prefix) {
        static Range single(InetAddress address) {
            return new Range(address.getAddress(), address.getAddress().length * 8);
        }

        boolean contains(byte[] address) {
            if (address.length != base.length || prefix < 0 || prefix > base.length * 8) {
                return false;
            }
            int full = prefix / 8;
            if (!Arrays.equals(address, 0, full, base, 0, full)) {
                return false;
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (base[full] & mask);
        }
    }

    private ClientAddresses() {
    }

    /**
     * The client's address. {@code peer} is the connection's remote address; {@code hops} the forwarded values in
     * the order they stand in the headers, left to right (several header lines joined in order).
     */
    public static String client(String peer, List<String> hops, Trusted trusted) {
        Optional<InetAddress> current = literal(peer);
        if (current.isEmpty()) {
            return peer;
        }
        InetAddress hop = current.get();
        for (int i = hops.size() - 1; i >= 0 && trusted.contains(hop); i--) {
            Optional<InetAddress> before = literal(stripPort(hops.get(i).trim()));
            if (before.isEmpty()) {
                break;
            }
            hop = before.get();
        }
        return hop.getHostAddress();
    }

    /** The values of {@code X-Forwarded-For} header lines, in order. */
    public static List<String> xForwardedFor(List<String> headerLines) {
        List<String> hops = new ArrayList<>();
        for (String line : headerLines) {
            for (String value : line.split(",", -1)) {
                hops.add(value.trim());
            }
        }
        return hops;
    }

    /**
     * The {@code for} values of {@code Forwarded} header lines (RFC 7239), in order; an element without one gives
     * an empty value, which ends the walk there like any value that is not an address.
     */
    public static List<String> forwardedFor(List<String> headerLines) {
        List<String> hops = new ArrayList<>();
        for (String line : headerLines) {
            for (String element : line.split(",", -1)) {
                String found = "";
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).trim().equalsIgnoreCase("for")) {
                        found = unquote(pair.substring(eq + 1).trim());
                    }
                }
                hops.add(found);
            }
        }
        return hops;
    }

    /**
     * What limits count an address by: an IPv4 address itself (an IPv4-mapped IPv6 address as IPv4), an IPv6
     * address as its /64 ({@code 2001:db8:1:2::/64}). Anything that is not an address is kept as it is.
     */
    public static String limitKey(String address) {
        Optional<InetAddress> parsed = literal(address);
        if (parsed.isEmpty() || parsed.get() instanceof Inet4Address) {
            return parsed.map(InetAddress::getHostAddress).orElse(address);
        }
        byte[] bytes = parsed.get().getAddress();
        Arrays.fill(bytes, 8, 16, (byte) 0);
        try {
            return InetAddress.getByAddress(bytes).getHostAddress().replaceFirst("(:0)+$", "::") + "/64";
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * An IP address written as a literal, never looked up in DNS: dotted IPv4, or IPv6 with or without brackets
     * (a zone is dropped). IPv4-mapped IPv6 comes back as IPv4, which Java does by itself.
     */
    static Optional<InetAddress> literal(String value) {
        if (value == null || value.isEmpty() || value.length() > 64) {
            return Optional.empty();
        }
        String text = value;
        if (text.startsWith("[") && text.endsWith("]")) {
            text = text.substring(1, text.length() - 1);
        }
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        boolean v4 = IPV4.matcher(text).matches();
        boolean v6 = !v4 && text.indexOf(':') >= 0 && IPV6_CHARS.matcher(text).matches();
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            // A literal of either form is parsed, not resolved: no DNS query is made for it.
            InetAddress address = InetAddress.getByName(text);
            return address instanceof Inet4Address || address instanceof Inet6Address ? Optional.of(address)
                    : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** {@code 192.0.2.1:443} and {@code [2001:db8::1]:443} without the port; anything else as it is. */
    static String stripPort(String value) {
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            return close > 0 ? value.substring(0, close + 1) : value;
        }
        int colon = value.indexOf(':');
        if (colon > 0 && value.indexOf(':', colon + 1) < 0) {
            return value.substring(0, colon);
        }
        return value;
    }

    private static String unquote(String value) {
        String v = value;
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        return v.toLowerCase(Locale.ROOT).equals("unknown") ? "" : v;
    }
}

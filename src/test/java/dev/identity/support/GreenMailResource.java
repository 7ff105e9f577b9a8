package dev.identity.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;

/**
 * A real SMTP server (GreenMail) on 127.0.0.1 for every test: the service delivers to it over SMTP. Tests
 * may stop it and start it again on the same port to play an outage.
 */
public final class GreenMailResource implements QuarkusTestResourceLifecycleManager {

    private static volatile GreenMail server;
    private static int port;

    @Override
    public Map<String, String> start() {
        port = freePort();
        startServer();
        return Map.of("quarkus.mailer.host", "127.0.0.1", "quarkus.mailer.port", String.valueOf(port));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    public static synchronized void startServer() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    public static synchronized void stopServer() {
        server.stop();
    }

    /**
     * Stops GreenMail and listens on its port with a server that accepts connections and never says a word,
     * as an SMTP server that hangs does; closing the result hangs up on every connection and starts GreenMail
     * again.
     */
    public static AutoCloseable silence() throws IOException {
        stopServer();
        ServerSocket silent = new ServerSocket();
        try {
            silent.setReuseAddress(true);
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (IOException e) {
            silent.close();
            startServer(); // the tests after this one still have their SMTP server
            throw e;
        }
        List<Socket> held = new CopyOnWriteArrayList<>();
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    held.add(silent.accept());
                } catch (IOException e) {
                    return; // closed
                }
            }
        }, "silent-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
        return () -> {
            silent.close();
            acceptor.join(2_000); // no connection accepted after the ones closed here
            for (Socket socket : held) {
                socket.setSoLinger(true, 0); // a reset: nothing left in TIME_WAIT on GreenMail's port
                socket.close();
            }
            restartServer();
        };
    }

    /** Starts GreenMail again on its port, trying again while the port is still held by a closing connection. */
    private static void restartServer() {
        Awaitility.await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(10)).until(() -> {
            try {
                startServer();
                return true;
            } catch (IllegalStateException e) {
                server.stop(); // "Could not start mail server": the port is not free yet
                return false;
            }
        });
    }

    /** Every message received so far whose recipients include the address. */
    public static List<MimeMessage> to(String address) {
        return Arrays.stream(server.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equalsIgnoreCase(address));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    /** Waits until at least {@code count} messages reached the address, then returns them all. */
    public static List<MimeMessage> await(String address, int count, Duration timeout) {
        return Awaitility.await("" + count + " mail(s) to " + address).pollInterval(Duration.ofMillis(50))
                .atMost(timeout).until(() -> to(address), received -> received.size() >= count);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.identity.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP relay as it fails in the world, in front of a healthy one (GreenMail) on 127.0.0.1: a TCP proxy whose
 * connections can go silent with their sockets open (a hung relay, or a NAT that dropped the flow), never send the
 * greeting, answer one byte a second, or be cut by a restart. Connections already spoilt stay so, open, until the
 * relay is closed at the end of the test: closing them would free the client and prove nothing. After
 * {@link #heal()}, new connections are forwarded as a healthy relay at the same address would answer them.
 */
final class FaultyRelay implements AutoCloseable {

    /** What a connection does with the bytes it is given. */
    enum Mode { FORWARD, SILENT, NO_GREETING, SLOW, PAUSED }

    private final int upstream;
    private final int port;
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();
    private volatile Mode forNew = Mode.FORWARD;
    private volatile ServerSocket listener;

    FaultyRelay(int upstream) throws IOException {
        this.upstream = upstream;
        this.port = Ports.free();
        listen();
    }

    int port() {
        return port;
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    /** Forwarded connections the client has closed so far. */
    int closedByClient() {
        return closedByClient.get();
    }

    /** Every connection, open and new, says nothing more, and keeps its socket open. */
    void silent() {
        forNew = Mode.SILENT;
        for (Link link : links) {
            link.set(Mode.SILENT);
        }
    }

    /** New connections are accepted and never greeted. */
    void noGreeting() {
        forNew = Mode.NO_GREETING;
    }

    /** New connections get the relay's answers one byte a second. */
    void slow() {
        forNew = Mode.SLOW;
    }

    /**
     * Every connection, open and new, is held with nothing passed either way, as {@link #silent}, but can be let go
     * again by {@link #resume}: what was sent meanwhile then arrives, late.
     */
    void pause() {
        forNew = Mode.PAUSED;
        for (Link link : links) {
            if (link.mode == Mode.FORWARD) {
                link.set(Mode.PAUSED);
            }
        }
    }

    /** Paused connections pass their bytes again, and new ones are forwarded. */
    void resume() {
        forNew = Mode.FORWARD;
        for (Link link : links) {
            if (link.mode == Mode.PAUSED) {
                link.set(Mode.FORWARD);
            }
        }
    }

    /** New connections are forwarded again; spoilt ones stay as they are, open. */
    void heal() {
        forNew = Mode.FORWARD;
    }

    /** The relay process dies: every connection reset, nothing listening on its port. */
    void down() throws IOException {
        listener.close();
        for (Link link : links) {
            link.reset();
        }
        links.clear();
    }

    /** The relay process is started again, healthy, at the same address. */
    void up() throws IOException {
        forNew = Mode.FORWARD;
        listen();
    }

    private void listen() throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = server;
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    accepted.incrementAndGet();
                    Link link = new Link(client, forNew);
                    links.add(link);
                    link.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "faulty-relay-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Link link : links) {
            link.reset();
        }
    }

    /** One client connection and, unless it is never greeted, its connection to the healthy relay. */
    private final class Link {
        private final Socket client;
        private Socket server;
        volatile Mode mode;

        Link(Socket client, Mode mode) {
            this.client = client;
            this.mode = mode;
        }

        synchronized void set(Mode next) {
            mode = next;
            notifyAll();
        }

        /** Blocks while the link is frozen: nothing read, nothing written, the socket kept. */
        private synchronized void awaitFlowing() throws InterruptedException {
            while (mode == Mode.SILENT || mode == Mode.PAUSED) {
                wait();
            }
        }

        void start() throws IOException {
            if (mode == Mode.SILENT || mode == Mode.NO_GREETING) {
                return; // held open, unread, unanswered
            }
            server = new Socket(InetAddress.getLoopbackAddress(), upstream);
            pump(client, server, false, true);
            pump(server, client, mode == Mode.SLOW, false);
        }

        private void pump(Socket from, Socket to, boolean slow, boolean fromClient) {
            Thread thread = new Thread(() -> {
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    byte[] buffer = new byte[slow ? 1 : 8192];
                    while (true) {
                        awaitFlowing();
                        int n = in.read(buffer);
                        if (n < 0) {
                            if (fromClient) {
                                closedByClient.incrementAndGet();
                            }
                            return;
                        }
                        awaitFlowing();
                        out.write(buffer, 0, n);
                        out.flush();
                        if (slow) {
                            // The fault itself, not a wait of the test: the relay's answers trickle at a byte a second.
                            TimeUnit.SECONDS.sleep(1);
                        }
                    }
                } catch (IOException | InterruptedException e) {
                    // the link is gone
                }
            }, "faulty-relay-pump");
            thread.setDaemon(true);
            thread.start();
        }

        void reset() {
            for (Socket socket : new Socket[] {client, server}) {
                if (socket == null) {
                    continue;
                }
                try {
                    socket.setSoLinger(true, 0);
                    socket.close();
                } catch (IOException e) {
                    // closed already
                }
            }
        }
    }
}

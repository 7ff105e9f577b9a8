package dev.identity.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the conversation's sockets and keeps them, so that the watchdog can close them; their output refuses to
 * write once the deadline has passed. TLS (SMTPS, or STARTTLS when it is asked to) is layered on such a socket.
 */
final class GuardedSockets extends javax.net.SocketFactory {
    private final java.util.List<Socket> made = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile long deadline = Long.MAX_VALUE;
    volatile boolean closed;
    private final AtomicInteger generation = new AtomicInteger();

    void closeAll() {
        closed = true;
        for (Socket socket : made) {
            reset(socket);
        }
    }

    /** Closes a socket at once, unsent bytes dropped (a reset), whatever the peer is doing. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        close(socket);
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // closing is all that is wanted
        }
    }

    /**
     * Closes (resets) the sockets made so far and forgets them, leaving the conversation free to make new ones: for
     * a kept connection that did not answer its NOOP in time. Counts a generation, so the caller can tell that it
     * ran.
     */
    void dropMade() {
        for (Socket socket : made) {
            made.remove(socket);
            reset(socket);
        }
        generation.incrementAndGet();
    }

    int generation() {
        return generation.get();
    }

    /** Closes every socket the ordinary way (the peer sees the connection end), for one that lies idle. */
    void closeGently() {
        closed = true;
        for (Socket socket : made) {
            close(socket);
        }
    }

    Socket keep(Socket socket) {
        made.add(socket);
        if (closed) {
            closeAll();
        }
        return socket;
    }

    @Override
    public Socket createSocket() throws IOException {
        return keep(new DeadlineSocket(this));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new java.net.InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new java.net.InetSocketAddress(localHost, localPort));
        socket.connect(new java.net.InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket socket = createSocket();
        socket.connect(new java.net.InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new java.net.InetSocketAddress(localAddress, localPort));
        socket.connect(new java.net.InetSocketAddress(address, port));
        return socket;
    }
}

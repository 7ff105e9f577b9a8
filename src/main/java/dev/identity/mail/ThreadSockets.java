package dev.identity.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * The sockets of the SMTP conversation running on the calling thread. One Jakarta Mail session serves every
 * conversation (making a session reads Jakarta Mail's provider lists from the class path, about a millisecond,
 * which was paid by every batch worker for every batch), while each conversation, on its own sender thread, still
 * makes and keeps its sockets in its own {@link GuardedSockets}, for its watchdog and its deadline.
 */
final class ThreadSockets extends SocketFactory {

    private static final ThreadLocal<GuardedSockets> CURRENT = new ThreadLocal<>();

    /** The calling thread's conversation from now on. */
    static void use(GuardedSockets sockets) {
        CURRENT.set(sockets);
    }

    /** The calling thread's conversation is over. */
    static void done() {
        CURRENT.remove();
    }

    /** The sockets of the calling thread's conversation. */
    static GuardedSockets current() {
        GuardedSockets sockets = CURRENT.get();
        if (sockets == null) {
            throw new IllegalStateException("no SMTP conversation on this thread");
        }
        return sockets;
    }

    @Override
    public Socket createSocket() throws IOException {
        return current().createSocket();
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return current().createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return current().createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return current().createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return current().createSocket(address, port, localAddress, localPort);
    }
}

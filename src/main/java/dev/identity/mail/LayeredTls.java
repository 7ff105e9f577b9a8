package dev.identity.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import javax.net.ssl.SSLSocketFactory;

/** SMTPS: a guarded plain socket, connected, with TLS layered on it (kept too, to be closed with it). */
final class LayeredTls extends SSLSocketFactory {
    private final SSLSocketFactory tls;

    LayeredTls(SSLSocketFactory tls) {
        this.tls = tls;
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return ThreadSockets.current().keep(tls.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return createSocket(ThreadSockets.current().createSocket(host, port), host, port, true);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(ThreadSockets.current().createSocket(host, port, localHost, localPort), host, port,
                true);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return createSocket(ThreadSockets.current().createSocket(host, port), host.getHostName(), port, true);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket plain = ThreadSockets.current().createSocket(address, port, localAddress, localPort);
        return createSocket(plain, address.getHostName(), port, true);
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return tls.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return tls.getSupportedCipherSuites();
    }
}

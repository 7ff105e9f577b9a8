package dev.identity.mail;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;

/** A plain socket whose writes fail once its factory's deadline has passed. */
final class DeadlineSocket extends Socket {
    private final GuardedSockets owner;

    DeadlineSocket(GuardedSockets owner) {
        this.owner = owner;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return new FilterOutputStream(super.getOutputStream()) {
            @Override
            public void write(int b) throws IOException {
                check();
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                check();
                out.write(b, off, len);
            }

            @Override
            public void flush() throws IOException {
                check();
                out.flush();
            }

            private void check() throws IOException {
                if (System.nanoTime() - owner.deadline > 0) {
                    owner.closeAll();
                    throw new SocketException("the send's deadline has passed");
                }
            }
        };
    }
}

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An SMTP server for the benchmark: it takes every mail the service sends and keeps none, so that the run
 * measures real SMTP delivery (the mailer's client, its connection pool, the protocol) without a mail store
 * growing on either side. Listens on 127.0.0.1.
 *
 * <pre>java bench/SmtpSink.java PORT COUNT_FILE</pre>
 *
 * The number of mails accepted so far is written to COUNT_FILE every second.
 */
public class SmtpSink {

    private static final AtomicLong MAILS = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path countFile = Path.of(args[1]);
        Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                try {
                    Thread.sleep(1000);
                    Files.writeString(countFile, MAILS.get() + "\n");
                } catch (Exception e) {
                    return;
                }
            }
        });
        try (ServerSocket server = new ServerSocket(port, 128, InetAddress.getLoopbackAddress())) {
            while (true) {
                Socket socket = server.accept();
                // Replies go out at once, as a mail server's do: Nagle's algorithm against the client's delayed
                // acknowledgements would hold each for 40 ms.
                socket.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> converse(socket));
            }
        }
    }

    private static void converse(Socket socket) {
        try (socket;
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.US_ASCII));
                OutputStream out = socket.getOutputStream()) {
            reply(out, "220 sink ESMTP");
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> reply(out, "250-sink\r\n250-8BITMIME\r\n250 PIPELINING");
                    case "HELO" -> reply(out, "250 sink");
                    case "DATA" -> {
                        reply(out, "354 go on");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // the message is read and dropped
                        }
                        MAILS.incrementAndGet();
                        reply(out, "250 taken");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}

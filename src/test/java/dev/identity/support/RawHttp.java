package dev.identity.support;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes on a socket, for requests no HTTP client will send: a request line over the limit, a header without a
 * colon, a method with an {@code @} in it. Reads one response (by its Content-Length) and whether the server then
 * closed the connection.
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** One response: its status, headers (lower-case names), body, and whether the connection closed after it. */
    public record Answer(int status, Map<String, String> headers, String body, boolean closed) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public JsonPath json() {
            return new JsonPath(body);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + body;
        }
    }

    /**
     * Sends the request as given (use {@code \r\n}) to the service under test and reads its answer; {@code closed}
     * is false (not looked at).
     */
    public static Answer send(String request) throws IOException {
        return send(RestAssured.port, request.getBytes(StandardCharsets.ISO_8859_1), false);
    }

    /** As {@link #send(String)}, then waits up to 5 seconds for the server to close the connection. */
    public static Answer sendAndWatchClose(String request) throws IOException {
        return send(RestAssured.port, request.getBytes(StandardCharsets.ISO_8859_1), true);
    }

    public static Answer send(int port, byte[] request, boolean watchClose) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            boolean closed = false;
            if (watchClose) {
                socket.setSoTimeout(5_000);
                try {
                    closed = in.read() == -1;
                } catch (SocketTimeoutException e) {
                    closed = false;
                } catch (IOException e) {
                    closed = true; // reset by the server
                }
            }
            return new Answer(status, headers, new String(body, StandardCharsets.UTF_8), closed);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        int b;
        while ((b = in.read()) != -1) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            if (matched == 4) {
                break;
            }
        }
        if (head.size() == 0) {
            throw new IOException("The server closed the connection without an answer");
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r\n\r\n") ? text.substring(0, text.length() - 4) : text;
    }
}

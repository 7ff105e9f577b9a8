package dev.identity.problem;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.lessThan;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away in the middle of its request (a timeout, a cancelled fetch, a load generator
 * stopping) is not a failure of the service: no ERROR and no incident in the log, and the service goes on.
 */
@QuarkusTest
class ClientGoneTest {

    @Test
    void whenTheClientClosesTheConnectionMidRequestThenNoErrorIsLogged() throws Exception {
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        // Every logger: Quarkus' own HTTP error handler logs under io.quarkus.
        Logger logger = Logger.getLogger("");
        logger.addHandler(handler);
        try {
            for (int i = 0; i < 5; i++) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
                    OutputStream out = socket.getOutputStream();
                    out.write(("POST /api/v1/tenants/contoso.example/sign-in HTTP/1.1\r\nHost: localhost\r\n"
                            + "Content-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"userName\": \"bo")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    Thread.sleep(300); // the client's pacing: it holds the half-sent body a moment, then goes
                }
            }
            // And gone after the whole body was sent, while a worker has the request (a sign-in hashes).
            for (int i = 0; i < 5; i++) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
                    String body = "{\"userName\": \"bob@contoso.example\", \"password\": \"Wrong-Password-1\"}";
                    socket.getOutputStream().write(("POST /api/v1/tenants/contoso.example/sign-in HTTP/1.1\r\n"
                            + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                            + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    Thread.sleep(5); // the client's pacing: gone just after sending, while a worker hashes
                }
            }
            // Nothing is logged as an error while the workers finish the abandoned requests.
            Awaitility.await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(errors::isEmpty);
            // The service answers the next client as ever.
            given().contentType("application/json").body("{\"userName\": \"nobody@contoso.example\", "
                    + "\"password\": \"Wrong-Password-Entirely-1\"}").post("/api/v1/tenants/contoso.example/sign-in")
                    .then().statusCode(lessThan(500));
            assertTrue(errors.isEmpty(), () -> "logged: " + errors.stream()
                    .map(r -> r.getLoggerName() + ": " + r.getMessage()).toList());
        } finally {
            logger.removeHandler(handler);
        }
    }
}

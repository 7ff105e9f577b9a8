package dev.identity.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** DESIGN.md 6: a connection idle for more than a minute is not reused, whatever the configuration says. */
class SmtpSettingsTest {

    @Test
    void aConnectionIdleForMoreThanAMinuteIsNeverReused() {
        assertEquals(Duration.ofMinutes(1), SmtpSettings.reuseWindow(Duration.ofMinutes(5)));
        assertEquals(Duration.ofMinutes(1), SmtpSettings.reuseWindow(Duration.ofSeconds(61)));
        assertEquals(Duration.ofSeconds(10), SmtpSettings.reuseWindow(Duration.ofSeconds(10)));
        assertEquals(Duration.ZERO, SmtpSettings.reuseWindow(Duration.ZERO));
        assertEquals(Duration.ZERO, SmtpSettings.reuseWindow(Duration.ofSeconds(-1)));
    }
}

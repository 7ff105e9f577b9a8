package dev.identity.http;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Tags the service's meters do not carry. */
public class MetricTags {

    /**
     * Quarkus tags the HTTP server's meters with {@code server.port}, but only for a server on a fixed port. With
     * the management interface on, two servers register the same meters; when one port is fixed and the other
     * random (0, as the packaged-jar tests run it) the tag keys differ, Prometheus refuses the second registration
     * and the server's start never completes. The port says nothing here anyway (the public API is on one port, the
     * management interface on another, and the {@code uri} tag tells them apart), so it is dropped.
     */
    @Produces
    @Singleton
    MeterFilter withoutServerPort() {
        return MeterFilter.ignoreTags("server.port");
    }
}

package dev.identity.support;

import io.quarkus.test.common.QuarkusTestResource;

/** Resources every test gets: the SMTP server. */
@QuarkusTestResource(GreenMailResource.class)
public final class TestResources {

    private TestResources() {
    }
}

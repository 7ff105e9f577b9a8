package dev.identity.ops;

import dev.identity.IdentityConfig;
import dev.identity.credential.CredentialService;
import dev.identity.directory.Tenant;
import dev.identity.directory.TenantRepository;
import dev.identity.directory.User;
import dev.identity.directory.UserRepository;
import dev.identity.policy.Role;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Demo tenants and users for trying the service (on in dev mode, {@code IDENTITY_DEMO_ENABLED=true} elsewhere).
 * Created once when missing; their passwords are in docs/walkthroughs.md and pass the password policy.
 */
@ApplicationScoped
public class DemoData {

    private static final Logger LOG = Logger.getLogger(DemoData.class);

    record DemoUser(String userName, String displayName, String password, Set<Role> roles) {
    }

    record DemoTenant(String domain, String displayName, String kind, DemoUser... users) {
    }

    static final DemoTenant[] TENANTS = {
        new DemoTenant("contoso.example", "Contoso", Tenant.KIND_CUSTOMER,
                new DemoUser("alice@contoso.example", "Alice Smith", "Violet-Harbor-Lantern-42",
                        EnumSet.of(Role.GLOBAL_ADMIN)),
                new DemoUser("hana@contoso.example", "Hana Ito", "Quiet-Meadow-Copper-77",
                        EnumSet.of(Role.HELPDESK_ADMIN)),
                new DemoUser("bob@contoso.example", "Bob Jones", "Silver-Canyon-Maple-58", EnumSet.noneOf(Role.class))),
        new DemoTenant("fabrikam.example", "Fabrikam Partners", Tenant.KIND_INDIRECT_PROVIDER,
                new DemoUser("paula@fabrikam.example", "Paula Reyes", "Amber-Falcon-Orchard-19",
                        EnumSet.of(Role.GLOBAL_ADMIN)),
                new DemoUser("ravi@fabrikam.example", "Ravi Kumar", "Cobalt-Willow-Harvest-63",
                        EnumSet.of(Role.ADMIN_AGENT)))
    };

    private final IdentityConfig config;
    private final TenantRepository tenants;
    private final UserRepository users;
    private final CredentialService credentials;

    DemoData(IdentityConfig config, TenantRepository tenants, UserRepository users, CredentialService credentials) {
        this.config = config;
        this.tenants = tenants;
        this.users = users;
        this.credentials = credentials;
    }

    void seed(@Observes StartupEvent event) {
        if (!config.demo().enabled()) {
            return;
        }
        // A startup job, outside any request: each read and write is a transaction of its own, and the hash between
        // them holds none.
        for (DemoTenant demo : TENANTS) {
            Tenant tenant = QuarkusTransaction.requiringNew().call(() -> tenants.findByDomain(demo.domain())
                    .orElseGet(() -> createTenant(demo)));
            for (DemoUser user : demo.users()) {
                if (QuarkusTransaction.requiringNew().call(() -> users.findByUserName(tenant.id, user.userName()))
                        .isEmpty()) {
                    String hash = credentials.hashInitialPassword(user.password(), "password", user.userName(),
                            user.displayName(), tenant);
                    QuarkusTransaction.requiringNew().run(() -> createUser(tenant, user, hash));
                }
            }
        }
        LOG.info("Demo tenants contoso.example and fabrikam.example are ready (see docs/walkthroughs.md)");
    }

    private Tenant createTenant(DemoTenant demo) {
        Tenant tenant = Tenant.create(demo.domain(), demo.displayName(), demo.kind(), true,
                "helpdesk@" + demo.domain(), Instant.now());
        tenants.insert(tenant);
        return tenant;
    }

    private void createUser(Tenant tenant, DemoUser demo, String hash) {
        users.insert(User.create(tenant.id, demo.userName(), demo.displayName(), demo.userName(), demo.roles(), "en",
                hash, false, Instant.now()));
    }
}

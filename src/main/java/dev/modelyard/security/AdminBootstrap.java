package dev.modelyard.security;

import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import dev.modelyard.base.startup.StartupTask;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * First start: creates {@code admin} with the password from MODELYARD_ADMIN_PASSWORD, or a generated one
 * that is logged once (it is never stored in clear anywhere). The first start-up task (decision 019): a sign-in
 * waits at the start-up gate until it has run, so the first sign-in never races the account's creation.
 */
@Component
@Order(0)
class AdminBootstrap implements StartupTask {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ADMIN = "admin";

    private final UserService users;
    private final String configuredPassword;

    AdminBootstrap(UserService users, @Value("${MODELYARD_ADMIN_PASSWORD:}") String configuredPassword) {
        this.users = users;
        this.configuredPassword = configuredPassword;
    }

    @Override
    public void runAtStart() {
        if (users.exists(ADMIN)) {
            return;
        }
        if (!configuredPassword.isEmpty()) {
            users.createUnchecked(ADMIN, configuredPassword, AppRole.ADMIN);
            log.info("Created user 'admin' with the password from MODELYARD_ADMIN_PASSWORD");
            return;
        }
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        users.createUnchecked(ADMIN, generated, AppRole.ADMIN);
        log.warn("Created user 'admin' with the generated password: {}  (shown once; set "
                + "MODELYARD_ADMIN_PASSWORD before the first start to choose it)", generated);
    }
}

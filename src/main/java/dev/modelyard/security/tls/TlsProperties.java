package dev.modelyard.security.tls;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HTTPS on Modelyard's port (docs/decisions/020-azureml-surface.md).
 *
 * @param mode       {@code off}: plain HTTP unless the operator configures Spring's {@code server.ssl.*} (their own
 *                   certificate as an SSL bundle); {@code self-signed}: a certificate made on first start and kept in
 *                   {@code <data>/tls}
 * @param extraNames DNS names or IP addresses the self-signed certificate names besides localhost and 127.0.0.1
 */
@ConfigurationProperties("modelyard.tls")
public record TlsProperties(@DefaultValue("off") Mode mode, @DefaultValue List<String> extraNames) {

    public enum Mode { OFF, SELF_SIGNED }
}

package dev.modelyard.security.tls;

import dev.modelyard.base.ModelyardProperties;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.server.ConfigurableServletWebServerFactory;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * {@code modelyard.tls.mode=self-signed}: the port serves HTTPS with the certificate of {@link SelfSignedCertificates},
 * made on first start in {@code <data>/tls}; the CA file's path is logged for clients. When the operator configured
 * Spring's own {@code server.ssl.*} (their certificate), theirs wins. Runs after Spring's own customizer.
 */
@Component
@ConditionalOnProperty(name = "modelyard.tls.mode", havingValue = "self-signed")
class SelfSignedTls implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory>, Ordered {

    static final String BUNDLE = "modelyard-self-signed";
    private static final Logger log = LoggerFactory.getLogger(SelfSignedTls.class);

    private final TlsProperties tls;
    private final ModelyardProperties modelyard;
    private final SslBundleRegistry registry;
    private final SslBundles bundles;
    private final Clock clock;

    SelfSignedTls(TlsProperties tls, ModelyardProperties modelyard, SslBundleRegistry registry, SslBundles bundles, Clock clock) {
        this.tls = tls;
        this.modelyard = modelyard;
        this.registry = registry;
        this.bundles = bundles;
        this.clock = clock;
    }

    @Override
    public void customize(ConfigurableServletWebServerFactory factory) {
        if (factory instanceof org.springframework.boot.web.server.AbstractConfigurableWebServerFactory configured
                && configured.getSsl() != null && configured.getSsl().isEnabled()) {
            log.info("modelyard.tls.mode=self-signed, but server.ssl is configured: serving the operator's certificate");
            return;
        }
        SelfSignedCertificates.Files files = SelfSignedCertificates.ensure(modelyard.dataDir().resolve("tls"),
                SelfSignedCertificates.names(tls.extraNames()), clock.instant());
        PemSslStoreDetails key = PemSslStoreDetails.forCertificate("file:" + files.certificate().toAbsolutePath())
                .withPrivateKey("file:" + files.privateKey().toAbsolutePath());
        registry.registerBundle(BUNDLE, SslBundle.of(new PemSslStoreBundle(key, null)));
        Ssl ssl = new Ssl();
        ssl.setEnabled(true);
        ssl.setBundle(BUNDLE);
        factory.setSsl(ssl);
        factory.setSslBundles(bundles);
        log.info("HTTPS with a self-signed certificate; clients trust its CA: {} (e.g. REQUESTS_CA_BUNDLE={})",
                files.ca().toAbsolutePath(), files.ca().toAbsolutePath());
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}

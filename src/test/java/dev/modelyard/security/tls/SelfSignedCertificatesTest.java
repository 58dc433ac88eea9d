package dev.modelyard.security.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificatesTest {

    @TempDir
    Path dir;

    private static List<X509Certificate> read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return CertificateFactory.getInstance("X.509").generateCertificates(in).stream().map(c -> (X509Certificate) c).toList();
        }
    }

    @Test
    void the_server_chain_is_trusted_by_a_client_that_trusts_only_the_ca_and_names_localhost_and_127_0_0_1() throws Exception {
        var files = SelfSignedCertificates.ensure(dir, SelfSignedCertificates.names(List.of()), Instant.now());
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", read(files.ca()).get(0));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        List<X509Certificate> chain = read(files.certificate());
        ((X509TrustManager) tmf.getTrustManagers()[0]).checkServerTrusted(chain.toArray(X509Certificate[]::new), "RSA");
        X509Certificate leaf = chain.get(0);
        assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
        assertThat(leaf.getSubjectAlternativeNames()).extracting(san -> String.valueOf(san.get(1)))
                .contains("localhost", "127.0.0.1");
        assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    }

    @Test
    void a_restart_keeps_both_and_a_new_name_makes_a_new_server_certificate_under_the_same_ca() throws Exception {
        var first = SelfSignedCertificates.ensure(dir, SelfSignedCertificates.names(List.of()), Instant.now());
        String ca = Files.readString(first.ca());
        String cert = Files.readString(first.certificate());
        SelfSignedCertificates.ensure(dir, SelfSignedCertificates.names(List.of()), Instant.now());
        assertThat(Files.readString(first.certificate())).isEqualTo(cert);
        SelfSignedCertificates.ensure(dir, SelfSignedCertificates.names(List.of("models.example.org")), Instant.now());
        assertThat(Files.readString(first.ca())).isEqualTo(ca);
        assertThat(Files.readString(first.certificate())).isNotEqualTo(cert);
        assertThat(read(first.certificate()).get(0).getSubjectAlternativeNames()).extracting(san -> String.valueOf(san.get(1)))
                .contains("models.example.org");
    }

    @Test
    void a_name_that_is_no_host_name_is_refused() {
        assertThatThrownBy(() -> SelfSignedCertificates.names(List.of("bad name/../x")))
                .hasMessageContaining("neither a DNS name nor an IP address");
    }
}

package dev.modelyard.security.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A private CA and a server certificate signed by it, in {@code <data>/tls}: {@code ca.pem} is what clients trust
 * ({@code REQUESTS_CA_BUNDLE}), {@code server.pem}/{@code server-key.pem} what the port serves. The CA stays across
 * restarts, so clients keep trusting it; the server certificate is made again when the names it must carry change
 * or it nears its end. A leaf under a CA (not one self-signed leaf) because strict verifiers (OpenSSL's X509_STRICT,
 * Python 3.13's default) refuse a CA certificate as a server's.
 */
public final class SelfSignedCertificates {

    private static final Pattern IP = Pattern.compile("[0-9.]+|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*");
    private static final Pattern DNS = Pattern.compile("[A-Za-z0-9*]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}))*");
    private static final Duration CA_LIFE = Duration.ofDays(3650);
    private static final Duration SERVER_LIFE = Duration.ofDays(825);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);

    /** Where the files are. */
    public record Files(Path ca, Path certificate, Path privateKey) {
    }

    private SelfSignedCertificates() {
    }

    /** The names every certificate carries, plus {@code extra} (each checked: DNS name or IP address). */
    public static List<String> names(Collection<String> extra) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        for (String name : extra) {
            String n = name.strip();
            if (!IP.matcher(n).matches() && !DNS.matcher(n).matches()) {
                throw new IllegalArgumentException("modelyard.tls.extra-names: '" + n.replaceAll("\\p{Cntrl}", "?")
                        + "' is neither a DNS name nor an IP address");
            }
            names.add(n);
        }
        return List.copyOf(names);
    }

    /** Makes (or keeps) the CA and the server certificate for {@code names} in {@code dir}. */
    public static Files ensure(Path dir, List<String> names, Instant now) {
        Files files = new Files(dir.resolve("ca.pem"), dir.resolve("server.pem"), dir.resolve("server-key.pem"));
        Path caKey = dir.resolve("ca-key.pem");
        try {
            java.nio.file.Files.createDirectories(dir);
            KeyPair ca;
            X509Certificate caCert;
            if (java.nio.file.Files.exists(files.ca()) && java.nio.file.Files.exists(caKey)) {
                ca = readKey(caKey);
                caCert = readCertificate(files.ca());
            } else {
                ca = newKeyPair();
                caCert = caCertificate(ca, now);
                write(caKey, pem(ca.getPrivate()));
                write(files.ca(), pem(caCert));
            }
            if (!current(files, names, now)) {
                KeyPair server = newKeyPair();
                X509Certificate cert = serverCertificate(server, ca, caCert, names, now);
                write(files.privateKey(), pem(server.getPrivate()));
                write(files.certificate(), pem(cert) + pem(caCert));
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TLS certificate to " + dir, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the TLS certificate", e);
        }
    }

    private static boolean current(Files files, List<String> names, Instant now) throws IOException, GeneralSecurityException {
        if (!java.nio.file.Files.exists(files.certificate()) || !java.nio.file.Files.exists(files.privateKey())) {
            return false;
        }
        X509Certificate cert = readCertificate(files.certificate());
        if (cert.getNotAfter().toInstant().isBefore(now.plus(RENEW_BEFORE))) {
            return false;
        }
        Set<String> has = new LinkedHashSet<>();
        Collection<List<?>> sans = cert.getSubjectAlternativeNames();
        if (sans != null) {
            sans.forEach(san -> has.add(normal(String.valueOf(san.get(1)))));
        }
        return names.stream().map(SelfSignedCertificates::normal).allMatch(has::contains);
    }

    private static String normal(String name) {
        try {
            return IP.matcher(name).matches() ? InetAddress.getByName(name).getHostAddress() : name.toLowerCase();
        } catch (IOException e) {
            return name;
        }
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048, new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509Certificate caCertificate(KeyPair ca, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X500Name subject = new X500Name("CN=Modelyard local CA " + now.getEpochSecond() + ",O=Modelyard");
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minusSeconds(300)),
                Date.from(now.plus(CA_LIFE)), subject, ca.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(ca.getPublic()));
        return sign(builder, ca.getPrivate());
    }

    private static X509Certificate serverCertificate(KeyPair server, KeyPair ca, X509Certificate caCert, List<String> names,
                                                     Instant now) throws GeneralSecurityException, OperatorCreationException, IOException {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        List<GeneralName> alt = new ArrayList<>();
        for (String name : names) {
            alt.add(IP.matcher(name).matches() ? new GeneralName(GeneralName.iPAddress, name)
                    : new GeneralName(GeneralName.dNSName, name));
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(caCert, serial(), Date.from(now.minusSeconds(300)),
                Date.from(now.plus(SERVER_LIFE)), new X500Name("CN=" + names.get(0) + ",O=Modelyard"), server.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(alt.toArray(GeneralName[]::new)))
                .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(server.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(caCert));
        return sign(builder, ca.getPrivate());
    }

    private static BigInteger serial() {
        return new BigInteger(120, new SecureRandom());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key)
            throws OperatorCreationException, GeneralSecurityException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key);
        X509CertificateHolder holder = builder.build(signer);
        return new JcaX509CertificateConverter().getCertificate(holder);
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }

    private static X509Certificate readCertificate(Path file) throws IOException, GeneralSecurityException {
        try (PEMParser parser = new PEMParser(java.nio.file.Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
        }
    }

    private static KeyPair readKey(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(java.nio.file.Files.newBufferedReader(file, StandardCharsets.US_ASCII))) {
            return new JcaPEMKeyConverter().getKeyPair((PEMKeyPair) parser.readObject());
        }
    }

    /** Writes through a temporary file and a move, private to the owner: a crash never leaves half a key. */
    private static void write(Path file, String text) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        java.nio.file.Files.writeString(temp, text, StandardCharsets.US_ASCII);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            java.nio.file.Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString(
                    file.getFileName().toString().contains("key") ? "rw-------" : "rw-r--r--"));
        }
        java.nio.file.Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

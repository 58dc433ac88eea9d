package dev.modelyard.jobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.base.ModelyardProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Seals the secret environment variables of jobs with AES-256-GCM. The key is made on first start in
 * {@code <data>/secrets/job-secrets.key} (folder 0700, file 0600) and never leaves this host; a database dump or
 * backup alone does not reveal the secrets. Sealed text: base64 of a 12-byte nonce followed by the ciphertext.
 */
@Component
public class JobSecrets {

    private static final String KEY_FILE = "job-secrets.key";
    private static final int NONCE_BYTES = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final ObjectMapper json;

    JobSecrets(ModelyardProperties modelyard, ObjectMapper json) {
        this.json = json;
        this.key = new SecretKeySpec(loadOrCreateKey(modelyard.dataDir().resolve("secrets")), "AES");
    }

    /** The sealed form of {@code variables}, or null when there are none. */
    public String seal(Map<String, String> variables) {
        if (variables == null || variables.isEmpty()) {
            return null;
        }
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            RANDOM.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            byte[] sealed = cipher.doFinal(json.writeValueAsBytes(variables));
            return Base64.getEncoder().encodeToString(ByteBuffer.allocate(nonce.length + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot seal the job's secret variables", e);
        }
    }

    /** The variables of a sealed text (empty for null). Throws when the key does not match. */
    public Map<String, String> open(String sealed) {
        if (sealed == null || sealed.isEmpty()) {
            return Map.of();
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, bytes, 0, NONCE_BYTES));
            byte[] plain = cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES);
            return json.readValue(plain, new TypeReference<Map<String, String>>() { });
        } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
            throw new IllegalStateException("the job's secret variables cannot be opened with this server's key "
                    + "(was " + KEY_FILE + " replaced?)", e);
        }
    }

    private static byte[] loadOrCreateKey(Path folder) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            Files.createDirectories(folder);
            if (posix) {
                Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
            }
            Path file = folder.resolve(KEY_FILE);
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                RANDOM.nextBytes(fresh);
                try {
                    if (posix) {
                        Files.createFile(file, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rw-------")));
                    } else {
                        Files.createFile(file);
                    }
                    Files.write(file, fresh);
                } catch (FileAlreadyExistsException raced) {
                    // another start made it first: use theirs
                }
            }
            byte[] key = Files.readAllBytes(file);
            if (key.length != 32) {
                throw new IllegalStateException(file + " must hold 32 bytes; restore it from a backup or delete it "
                        + "(the secrets of existing jobs are then lost)");
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key for job secrets in " + folder, e);
        }
    }
}

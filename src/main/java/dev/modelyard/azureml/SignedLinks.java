package dev.modelyard.azureml;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriUtils;

/**
 * Links the SDK follows without its bearer token, signed with the workspace's account key (HMAC-SHA256) and
 * expiring: the run's log files ({@code jobs.stream} GETs them plainly) and SAS URIs for newer SDKs' code uploads.
 */
@Component
class SignedLinks {

    static final Duration LOG_LIFE = Duration.ofHours(12);
    static final Duration SAS_LIFE = Duration.ofHours(2);

    private final BlobService blobs;

    SignedLinks(BlobService blobs) {
        this.blobs = blobs;
    }

    /** Query string of a log link for {@code user} (who may read the job) until {@code now + LOG_LIFE}. */
    String log(long workspaceId, String job, String user, Instant now) {
        // signed with the workspace's key: the link names the workspace by name, the key pins its id
        long expires = now.plus(LOG_LIFE).getEpochSecond();
        return "se=" + expires + "&u=" + UriUtils.encodeQueryParam(user, StandardCharsets.UTF_8) + "&sig="
                + sign(workspaceId, "log\n" + workspaceId + "\n" + job + "\n" + user + "\n" + expires);
    }

    boolean validLog(long workspaceId, String job, String user, String expires, String sig, Instant now) {
        return valid(workspaceId, "log\n" + workspaceId + "\n" + job + "\n" + user + "\n" + expires, expires, sig, now);
    }

    /** A SAS-like query string: write access to blobs under {@code folder} of {@code container} for a while. */
    String sas(long workspaceId, String container, String folder, Instant now) {
        long expires = now.plus(SAS_LIFE).getEpochSecond();
        return "sv=2021-08-06&sr=d&sp=racwl&se=" + expires + "&sig="
                + sign(workspaceId, "sas\n" + container + "\n" + folder + "\n" + expires);
    }

    boolean validSas(long workspaceId, String container, String folder, String expires, String sig, Instant now) {
        return valid(workspaceId, "sas\n" + container + "\n" + folder + "\n" + expires, expires, sig, now);
    }

    private boolean valid(long workspaceId, String text, String expires, String sig, Instant now) {
        if (expires == null || sig == null) {
            return false;
        }
        try {
            if (Instant.ofEpochSecond(Long.parseLong(expires)).isBefore(now)) {
                return false;
            }
        } catch (NumberFormatException e) {
            return false;
        }
        return MessageDigest.isEqual(sign(workspaceId, text).getBytes(StandardCharsets.US_ASCII),
                sig.getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(long workspaceId, String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(SharedKey.sign(text, blobs.accountKey(workspaceId)));
    }
}

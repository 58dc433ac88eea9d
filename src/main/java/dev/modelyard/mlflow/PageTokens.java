package dev.modelyard.mlflow;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Opaque search page tokens: the offset of the next page and a fingerprint of the query it continues, signed
 * with HMAC-SHA256. A token that was forged, altered, or is replayed against another filter or order is
 * INVALID_PARAMETER_VALUE, so a client can neither skip the checks nor make the server page through a
 * different query than the one it started.
 */
@Component
class PageTokens {

    private static final int FINGERPRINT = 12;
    private static final int SIGNATURE = 16;

    private final byte[] key;

    PageTokens(MlflowProperties properties) {
        if (properties.pageTokenSecret() != null && !properties.pageTokenSecret().isEmpty()) {
            key = properties.pageTokenSecret().getBytes(StandardCharsets.UTF_8);
        } else {
            key = new byte[32];
            new SecureRandom().nextBytes(key);
        }
    }

    String issue(int offset, String query) {
        ByteBuffer payload = ByteBuffer.allocate(4 + FINGERPRINT).putInt(offset).put(fingerprint(query));
        byte[] body = payload.array();
        byte[] token = ByteBuffer.allocate(body.length + SIGNATURE).put(body).put(sign(body)).array();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The offset a token continues from (0 for none); INVALID_PARAMETER_VALUE if it is not one we issued for this query. */
    int offset(String token, String query) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (raw.length != 4 + FINGERPRINT + SIGNATURE) {
            throw invalid();
        }
        byte[] body = java.util.Arrays.copyOf(raw, 4 + FINGERPRINT);
        byte[] signature = java.util.Arrays.copyOfRange(raw, body.length, raw.length);
        if (!MessageDigest.isEqual(signature, sign(body))) {
            throw invalid();
        }
        ByteBuffer buffer = ByteBuffer.wrap(body);
        int offset = buffer.getInt();
        byte[] print = new byte[FINGERPRINT];
        buffer.get(print);
        if (!MessageDigest.isEqual(print, fingerprint(query)) || offset < 0) {
            throw MlflowException.invalid("Invalid page_token: it belongs to a search with another filter or order_by");
        }
        return offset;
    }

    /**
     * One page of a search, as every MLflow search answers it: {@code field} holds at most {@code max} rows from where
     * {@code pageToken} left off (the start without one), and {@code next_page_token} is there when more rows follow.
     * {@code fetch} reads {@code limit} rows from {@code offset}; one row past the page tells that more follow.
     */
    <T> Map<String, Object> page(String field, String pageToken, String query, int max,
                                 BiFunction<Integer, Integer, List<T>> fetch, Function<T, ?> wire) {
        int offset = offset(pageToken, query);
        List<T> rows = fetch.apply(offset, max + 1);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(field, rows.stream().limit(max).map(wire).toList());
        if (rows.size() > max) {
            out.put("next_page_token", issue(offset + max, query));
        }
        return out;
    }

    private static MlflowException invalid() {
        return MlflowException.invalid("Invalid page_token: it was not issued by this server or has been altered");
    }

    private byte[] sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return java.util.Arrays.copyOf(mac.doFinal(body), SIGNATURE);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    private static byte[] fingerprint(String query) {
        try {
            return java.util.Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                    .digest(query.getBytes(StandardCharsets.UTF_8)), FINGERPRINT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}

package dev.modelyard.azureml;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.web.util.UriUtils;

/**
 * Azure Storage's SharedKey scheme as azure-storage-blob signs (Blob service, version 2009-09-19 and later): the
 * string to sign is the verb, eleven standard headers, the sorted {@code x-ms-*} headers and the canonical resource
 * {@code /<account><request path>} with the sorted query parameters. A request must carry {@code x-ms-date} (or
 * {@code Date}) within {@link #SKEW} of the server's clock, so a captured request cannot be replayed later.
 */
public final class SharedKey {

    public static final Duration SKEW = Duration.ofMinutes(15);
    private static final List<String> STANDARD = List.of("content-encoding", "content-language", "content-length",
            "content-md5", "content-type", "date", "if-modified-since", "if-match", "if-none-match",
            "if-unmodified-since", "range");

    private SharedKey() {
    }

    /** Why the request is refused, or null when its signature holds. */
    public static String refusal(HttpServletRequest request, String account, String base64Key, Instant now) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.startsWith("SharedKey ")) {
            return "Server failed to authenticate the request. Make sure the value of Authorization header is formed "
                    + "correctly including the signature (SharedKey).";
        }
        String credential = header.substring("SharedKey ".length()).strip();
        int colon = credential.lastIndexOf(':');
        if (colon <= 0 || !credential.substring(0, colon).equals(account)) {
            return "Server failed to authenticate the request: unknown account in the SharedKey header.";
        }
        String date = request.getHeader("x-ms-date") != null ? request.getHeader("x-ms-date") : request.getHeader("Date");
        Instant at;
        try {
            at = date == null ? null : ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            at = null;
        }
        if (at == null || at.isBefore(now.minus(SKEW)) || at.isAfter(now.plus(SKEW))) {
            return "Server failed to authenticate the request: x-ms-date is missing or more than 15 minutes from "
                    + "the server's time.";
        }
        byte[] expected = sign(stringToSign(request, account), base64Key);
        byte[] given;
        try {
            given = Base64.getDecoder().decode(credential.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            given = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, given)) {
            return "Server failed to authenticate the request. Make sure the value of Authorization header is formed "
                    + "correctly including the signature.";
        }
        return null;
    }

    /** What azure-storage-blob's SharedKeyCredentialPolicy signs for this request. */
    static String stringToSign(HttpServletRequest request, String account) {
        StringBuilder s = new StringBuilder(request.getMethod()).append('\n');
        for (String name : STANDARD) {
            String value = request.getHeader(name);
            if (name.equals("content-length") && "0".equals(value)) {
                value = "";
            }
            s.append(value == null ? "" : value).append('\n');
        }
        TreeMap<String, String> msHeaders = new TreeMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith("x-ms-")) {
                msHeaders.put(lower, request.getHeader(name).strip());
            }
        }
        msHeaders.forEach((k, v) -> s.append(k).append(':').append(v).append('\n'));
        s.append('/').append(account).append(request.getRequestURI());
        TreeMap<String, List<String>> query = new TreeMap<>();
        String raw = request.getQueryString();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = UriUtils.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : UriUtils.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                query.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            s.append('\n').append(e.getKey()).append(':').append(String.join(",", e.getValue()));
        }
        return s.toString();
    }

    static byte[] sign(String text, String base64Key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(base64Key), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.modelyard.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Token secrets: {@code myd_} and 256 random bits in URL-safe Base64 (47 characters), so a leaked token is
 * recognisable by secret scanners; stored as a SHA-256 of the whole text. A random secret of this size cannot be
 * guessed from its hash, so a slow password hash would add cost per request and no safety
 * (docs/decisions/015-access-tokens.md).
 */
final class TokenSecrets {

    static final String PREFIX = "myd_";
    /** Characters of the token shown in lists: the prefix and four of the random ones (24 of 256 bits). */
    static final int DISPLAYED = PREFIX.length() + 4;
    private static final int RANDOM_BYTES = 32;
    private static final int LENGTH = PREFIX.length() + 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {
    }

    static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code text} has the shape of a token; anything else is refused before a database look-up. */
    static boolean looksLikeToken(String text) {
        if (text.length() != LENGTH || !text.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static String hash(String secret) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }

    static String displayPrefix(String secret) {
        return secret.substring(0, DISPLAYED);
    }
}

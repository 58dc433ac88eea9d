package dev.modelyard.security;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * A password encoder that remembers, for a short while, which (password, stored hash) pairs bcrypt has already
 * accepted, so that HTTP Basic — one password check per request — costs one bcrypt per client every few minutes
 * instead of one per request. See docs/decisions/007-password-check-cache.md.
 *
 * <p>The remembered entry is an HMAC, under a key drawn at random when the process starts, of the stored hash
 * and the password: no password is kept, and the entry can only ever match the very hash it was made for, so a
 * changed password (a new hash) misses at once. The user row is still read on every request, so a disabled user
 * or a changed role also takes effect at once. Refusals are never remembered: every wrong password costs bcrypt.
 */
final class VerifiedPasswordCache implements PasswordEncoder {

    private final PasswordEncoder delegate;
    private final long ttlMillis;
    private final int maxEntries;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Long> verifiedUntil = new ConcurrentHashMap<>();

    VerifiedPasswordCache(PasswordEncoder delegate, Duration ttl, int maxEntries, Clock clock) {
        this.delegate = delegate;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return delegate.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null) {
            return delegate.matches(rawPassword, encodedPassword);
        }
        String entry = fingerprint(rawPassword, encodedPassword);
        long now = clock.millis();
        Long until = verifiedUntil.get(entry);
        if (until != null && until > now) {
            return true;
        }
        boolean matches = delegate.matches(rawPassword, encodedPassword);
        if (matches) {
            remember(entry, now);
        }
        return matches;
    }

    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return delegate.upgradeEncoding(encodedPassword);
    }

    /** Entries currently held, expired ones included until the next sweep; for tests. */
    int size() {
        return verifiedUntil.size();
    }

    private void remember(String entry, long now) {
        if (verifiedUntil.size() >= maxEntries) {
            verifiedUntil.values().removeIf(until -> until <= now);
            if (verifiedUntil.size() >= maxEntries) {
                // more live clients than expected: forget them all rather than grow; they pay bcrypt once again
                verifiedUntil.clear();
            }
        }
        verifiedUntil.put(entry, now + ttlMillis);
    }

    /** HMAC-SHA256 of the stored hash and the password, so an entry is bound to exactly that hash. */
    private String fingerprint(CharSequence rawPassword, String encodedPassword) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(encodedPassword.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            mac.update(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(mac.doFinal());
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("every Java runtime provides HmacSHA256", e);
        }
    }
}

package dev.modelyard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

class VerifiedPasswordCacheTest {

    private final PasswordEncoder bcrypt = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final AtomicInteger checks = new AtomicInteger();
    private final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence raw) {
            return bcrypt.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            checks.incrementAndGet();
            return bcrypt.matches(raw, encoded);
        }
    };
    private final MutableClock clock = new MutableClock();
    private final VerifiedPasswordCache cache = new VerifiedPasswordCache(counting, Duration.ofMinutes(5), 3, clock);
    private final String hash = bcrypt.encode("correct horse");

    @Test
    void an_accepted_password_is_checked_by_bcrypt_once_within_the_ttl() {
        assertThat(cache.matches("correct horse", hash)).isTrue();
        assertThat(cache.matches("correct horse", hash)).isTrue();
        assertThat(cache.matches("correct horse", hash)).isTrue();

        assertThat(checks).hasValue(1);
    }

    @Test
    void a_wrong_password_is_refused_every_time_and_never_remembered() {
        assertThat(cache.matches("correct horse", hash)).isTrue();

        assertThat(cache.matches("wrong horse", hash)).isFalse();
        assertThat(cache.matches("wrong horse", hash)).isFalse();
        assertThat(cache.matches("correct horse ", hash)).isFalse();

        assertThat(checks).hasValue(4);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void a_changed_password_makes_the_old_one_fail_at_once() {
        assertThat(cache.matches("correct horse", hash)).isTrue();
        String changed = bcrypt.encode("battery staple");

        assertThat(cache.matches("correct horse", changed)).isFalse();
        assertThat(cache.matches("battery staple", changed)).isTrue();
    }

    @Test
    void an_entry_expires_after_the_ttl_and_bcrypt_decides_again() {
        assertThat(cache.matches("correct horse", hash)).isTrue();
        clock.advance(Duration.ofMinutes(5).plusMillis(1));

        assertThat(cache.matches("correct horse", hash)).isTrue();
        assertThat(checks).hasValue(2);
    }

    @Test
    void the_cache_stays_within_its_size_and_keeps_answering_correctly() {
        String[] hashes = {bcrypt.encode("a-password"), bcrypt.encode("b-password"), bcrypt.encode("c-password"),
                bcrypt.encode("d-password")};
        for (int i = 0; i < hashes.length; i++) {
            assertThat(cache.matches((char) ('a' + i) + "-password", hashes[i])).isTrue();
        }

        assertThat(cache.size()).isLessThanOrEqualTo(3);
        assertThat(cache.matches("a-password", hashes[0])).isTrue();
        assertThat(cache.matches("a-password", hashes[1])).isFalse();
    }

    @Test
    void encoding_and_upgrades_are_bcrypts() {
        String encoded = cache.encode("secret-password");
        assertThat(encoded).startsWith("{bcrypt}");
        assertThat(bcrypt.matches("secret-password", encoded)).isTrue();
        assertThat(cache.upgradeEncoding(encoded)).isFalse();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

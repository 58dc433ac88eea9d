package dev.modelyard.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The throttle's arithmetic on a clock the test moves. */
class SignInThrottleTest {

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-11-30T10:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final MovableClock clock = new MovableClock();
    final SignInThrottle throttle = new SignInThrottle(new SignInThrottleProperties(5, 20, Duration.ofSeconds(30),
            Duration.ofMinutes(15), Duration.ofHours(1), 100), clock);

    private void fail(String user, String address, int times) {
        for (int i = 0; i < times; i++) {
            throttle.failed(user, address);
        }
    }

    @Test
    void five_failures_pause_the_user_for_30_seconds_and_each_further_failure_doubles_the_pause() {
        fail("alice", "10.0.0.1", 4);
        assertThat(throttle.check("alice", "10.0.0.1")).isEmpty();
        fail("alice", "10.0.0.1", 1);
        assertThat(throttle.check("alice", "10.0.0.2")).hasValueSatisfying(r -> {
            assertThat(r.scope()).isEqualTo("user");
            assertThat(r.retryAt()).isEqualTo(clock.now.plusSeconds(30));
        });
        clock.advance(Duration.ofSeconds(30));
        assertThat(throttle.check("alice", "10.0.0.1")).isEmpty();
        fail("alice", "10.0.0.1", 1);
        assertThat(throttle.check("alice", "10.0.0.1")).hasValueSatisfying(r ->
                assertThat(r.retryAt()).isEqualTo(clock.now.plusSeconds(60)));
        assertThat(throttle.backoff(2)).isEqualTo(Duration.ofMinutes(2));
        assertThat(throttle.backoff(5)).isEqualTo(Duration.ofMinutes(15));
        assertThat(throttle.backoff(40)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void the_first_refusal_of_a_pause_is_reported_once() {
        fail("bob", "10.0.0.1", 5);
        assertThat(throttle.check("bob", "x").orElseThrow().firstRefusal()).isTrue();
        assertThat(throttle.check("bob", "x").orElseThrow().firstRefusal()).isFalse();
        clock.advance(Duration.ofSeconds(31));
        fail("bob", "10.0.0.1", 1);
        assertThat(throttle.check("bob", "x").orElseThrow().firstRefusal()).isTrue();
    }

    @Test
    void a_success_clears_the_user_but_not_the_address_it_came_from() {
        fail("carol", "10.0.0.9", 4);
        throttle.succeeded("carol");
        fail("carol", "10.0.0.9", 4);
        assertThat(throttle.check("carol", "10.0.0.8")).isEmpty();
        for (int i = 0; i < 12; i++) {
            throttle.failed("sprayed-" + i, "10.0.0.9");
        }
        assertThat(throttle.check("dave", "10.0.0.9")).hasValueSatisfying(r -> assertThat(r.scope()).isEqualTo("address"));
        assertThat(throttle.check("dave", "10.0.0.8")).isEmpty();
    }

    @Test
    void counters_are_forgotten_after_an_hour_and_never_exceed_the_cap() {
        fail("erin", "10.0.0.1", 3);
        clock.advance(Duration.ofHours(1));
        fail("erin", "10.0.0.1", 2);
        assertThat(throttle.check("erin", "10.0.0.3")).isEmpty();

        for (int i = 0; i < 1000; i++) {
            throttle.failed("user-" + i, "address-" + i);
        }
        assertThat(throttle.size()).isLessThanOrEqualTo(200);
    }
}

package dev.modelyard.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per user name and per client address, in memory and bounded: at most
 * {@code maxEntries} counters of each kind (the least recently touched are dropped first), each forgotten
 * {@code forgetAfter} after its last failure or pause. After {@code userFailures} (or {@code addressFailures})
 * failures every attempt is refused — even with the right password — for a pause that doubles with each further
 * failure, up to {@code maxBackoff}. A successful sign-in clears the user's counter, not the address's (else one
 * account of an attacker's own would reset the counter of the address it sprays other users' passwords from).
 */
@Component
public class SignInThrottle {

    /** Why an attempt was refused: which counter, until when; {@code firstRefusal} once per pause (for the audit). */
    public record Refusal(String scope, Instant retryAt, boolean firstRefusal) {
    }

    private final SignInThrottleProperties limits;
    private final Clock clock;
    private final Counters users;
    private final Counters addresses;

    SignInThrottle(SignInThrottleProperties limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        this.users = new Counters(limits.maxEntries());
        this.addresses = new Counters(limits.maxEntries());
    }

    /** The refusal for an attempt as {@code user} from {@code address}, if either is paused now. */
    public Optional<Refusal> check(String user, String address) {
        Instant now = clock.instant();
        Optional<Refusal> byUser = users.refusal(key(user), "user", now, limits.forgetAfter());
        return byUser.isPresent() ? byUser : addresses.refusal(key(address), "address", now, limits.forgetAfter());
    }

    public void failed(String user, String address) {
        Instant now = clock.instant();
        users.failed(key(user), now, limits.userFailures(), this::backoff, limits.forgetAfter());
        addresses.failed(key(address), now, limits.addressFailures(), this::backoff, limits.forgetAfter());
    }

    public void succeeded(String user) {
        users.clear(key(user));
    }

    /** Forgets every counter; for tests that must not leave a paused address behind for others. */
    void clear() {
        users.clearAll();
        addresses.clearAll();
    }

    /** The pause after {@code over} failures beyond the threshold: initial × 2^over, capped. */
    Duration backoff(int over) {
        Duration initial = limits.initialBackoff();
        if (over >= 30 || initial.multipliedBy(1L << over).compareTo(limits.maxBackoff()) > 0) {
            return limits.maxBackoff();
        }
        return initial.multipliedBy(1L << over);
    }

    int size() {
        return users.size() + addresses.size();
    }

    private static String key(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 128 ? text : text.substring(0, 128);
    }

    private interface Backoff {
        Duration after(int over);
    }

    private static final class Counter {
        int failures;
        Instant lastFailure;
        Instant pausedUntil = Instant.MIN;
        boolean refusalReported;

        boolean expired(Instant now, Duration forgetAfter) {
            Instant last = lastFailure.isAfter(pausedUntil) ? lastFailure : pausedUntil;
            return !now.isBefore(last.plus(forgetAfter));
        }
    }

    /** One kind of counter: an access-ordered map that drops its eldest entry beyond the cap. */
    private static final class Counters {
        private final Map<String, Counter> byKey;

        Counters(int maxEntries) {
            this.byKey = new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Counter> eldest) {
                    return size() > maxEntries;
                }
            };
        }

        synchronized Optional<Refusal> refusal(String key, String scope, Instant now, Duration forgetAfter) {
            Counter c = live(key, now, forgetAfter);
            if (c == null || !now.isBefore(c.pausedUntil)) {
                return Optional.empty();
            }
            boolean first = !c.refusalReported;
            c.refusalReported = true;
            return Optional.of(new Refusal(scope, c.pausedUntil, first));
        }

        synchronized void failed(String key, Instant now, int threshold, Backoff backoff, Duration forgetAfter) {
            Counter c = live(key, now, forgetAfter);
            if (c == null) {
                c = new Counter();
                byKey.put(key, c);
            }
            c.failures++;
            c.lastFailure = now;
            if (c.failures >= threshold) {
                c.pausedUntil = now.plus(backoff.after(c.failures - threshold));
                c.refusalReported = false;
            }
        }

        synchronized void clear(String key) {
            if (!byKey.isEmpty()) {
                byKey.remove(key);
            }
        }

        synchronized void clearAll() {
            byKey.clear();
        }

        synchronized int size() {
            return byKey.size();
        }

        private Counter live(String key, Instant now, Duration forgetAfter) {
            Counter c = byKey.get(key);
            if (c != null && c.expired(now, forgetAfter)) {
                byKey.remove(key);
                return null;
            }
            return c;
        }
    }
}

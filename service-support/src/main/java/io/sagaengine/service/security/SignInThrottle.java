package io.sagaengine.service.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Counts failed sign-ins per user name and per client address; a key with too many failures within the window is
 * locked out until the lockout ends by itself. Both tables are bounded ({@link RecentEntries}).
 */
final class SignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);
    /** A longer "user name" is cut: no real user has one, and a key must not hold megabytes of a form body. */
    private static final int MAX_KEY_LENGTH = 256;

    /** The failures of one key since {@code since}; locked out until {@code lockedUntil} (null: not locked). */
    private record Failures(int count, Instant since, Instant lockedUntil, Duration window) {

        Instant forgetAt() {
            Instant windowEnds = since.plus(window);
            return lockedUntil != null && lockedUntil.isAfter(windowEnds) ? lockedUntil : windowEnds;
        }

        boolean lockedAt(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    private final SignInProperties settings;
    private final Clock clock;
    private final RecentEntries<String, Failures> users;
    private final RecentEntries<String, Failures> addresses;

    SignInThrottle(SignInProperties settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.users = new RecentEntries<>(settings.trackedKeys(), Failures::forgetAt);
        this.addresses = new RecentEntries<>(settings.trackedKeys(), Failures::forgetAt);
    }

    /** How long sign-ins of {@code user} or from {@code address} (null: unknown) stay refused; empty: not refused. */
    Optional<Duration> lockedOut(String user, String address) {
        Instant now = clock.instant();
        Instant until = later(lockedUntil(users, userKey(user), now), lockedUntil(addresses, address, now));
        return until == null ? Optional.empty() : Optional.of(Duration.between(now, until));
    }

    void failed(String user, String address) {
        Instant now = clock.instant();
        count(users, userKey(user), settings.maxFailuresPerUser(), now, "user '" + printable(user) + "'");
        if (address != null) {
            count(addresses, address, settings.maxFailuresPerAddress(), now, "address " + printable(address));
        }
    }

    /** A correct password: the user's count starts again (the address's does not, or a known account could reset it). */
    void succeeded(String user) {
        users.remove(userKey(user));
    }

    private void count(RecentEntries<String, Failures> table, String key, int max, Instant now, String who) {
        synchronized (table) { // two failures at once both count
            table.put(key, next(table.get(key, now), max, now, who));
        }
    }

    private Failures next(Failures before, int max, Instant now, String who) {
        boolean fresh = before == null || !before.since().plus(settings.window()).isAfter(now)
                || (before.lockedUntil() != null && !before.lockedAt(now));
        int count = fresh ? 1 : before.count() + 1;
        Instant since = fresh ? now : before.since();
        Instant lockedUntil = fresh ? null : before.lockedUntil();
        if (count >= max && lockedUntil == null) {
            lockedUntil = now.plus(settings.lockout());
            log.warn("Sign-in locked out for {} until {} after {} failed attempts within {}", who, lockedUntil,
                    count, settings.window());
        }
        return new Failures(count, since, lockedUntil, settings.window());
    }

    private static Instant lockedUntil(RecentEntries<String, Failures> table, String key, Instant now) {
        if (key == null) {
            return null;
        }
        Failures failures = table.get(key, now);
        return failures != null && failures.lockedAt(now) ? failures.lockedUntil() : null;
    }

    private static Instant later(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }

    /** User names are looked up without regard to case, so they are counted that way too. */
    private static String userKey(String user) {
        String name = user == null ? "" : user.toLowerCase(Locale.ROOT);
        return name.length() > MAX_KEY_LENGTH ? name.substring(0, MAX_KEY_LENGTH) : name;
    }

    /** For the log: no line breaks or other control characters from a made-up user name, and not too long. */
    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}

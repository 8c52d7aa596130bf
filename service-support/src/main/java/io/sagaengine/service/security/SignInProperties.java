package io.sagaengine.service.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How sign-in with a password (HTTP Basic, {@code POST /admin/token}, a console's form) resists guessing and floods
 * ({@code saga.security.sign-in.*}).
 *
 * @param maxFailuresPerUser    failed sign-ins of one user name within {@code window} after which that user is
 *                              locked out for {@code lockout}; a successful sign-in starts the count again
 * @param maxFailuresPerAddress failed sign-ins from one client address within {@code window} after which that
 *                              address is locked out for {@code lockout}
 * @param window                how long a failure counts
 * @param lockout               how long a lockout lasts; it ends by itself
 * @param trackedKeys           how many user names and how many addresses are remembered at most (the least
 *                              recently seen are forgotten first)
 * @param concurrentChecks      password hash checks that may run at once; a sign-in beyond them is answered 503
 *                              at once instead of queueing. 0: the number of processors
 * @param verifiedTtl           how long a user name and password that passed the hash check pass again without it
 *                              (a script's repeated HTTP Basic requests); 0 turns this off
 */
@ConfigurationProperties("saga.security.sign-in")
record SignInProperties(
        @DefaultValue("5") int maxFailuresPerUser,
        @DefaultValue("20") int maxFailuresPerAddress,
        @DefaultValue("5m") Duration window,
        @DefaultValue("5m") Duration lockout,
        @DefaultValue("10000") int trackedKeys,
        @DefaultValue("0") int concurrentChecks,
        @DefaultValue("1m") Duration verifiedTtl) {

    SignInProperties {
        if (maxFailuresPerUser < 1 || maxFailuresPerAddress < 1) {
            throw new IllegalArgumentException("saga.security.sign-in.max-failures-per-user and "
                    + "max-failures-per-address must be at least 1");
        }
        if (window.isNegative() || window.isZero() || lockout.isNegative() || lockout.isZero()) {
            throw new IllegalArgumentException("saga.security.sign-in.window and lockout must be above 0");
        }
        if (trackedKeys < 1) {
            throw new IllegalArgumentException("saga.security.sign-in.tracked-keys must be at least 1");
        }
        if (concurrentChecks < 0) {
            throw new IllegalArgumentException("saga.security.sign-in.concurrent-checks must not be negative");
        }
        if (verifiedTtl.isNegative()) {
            throw new IllegalArgumentException("saga.security.sign-in.verified-ttl must not be negative");
        }
        if (concurrentChecks == 0) {
            concurrentChecks = Runtime.getRuntime().availableProcessors();
        }
    }
}

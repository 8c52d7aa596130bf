package io.sagaengine.service.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Signs in with a user name and password (HTTP Basic, {@code POST /admin/token}, a form) without letting anyone burn
 * the CPU with password hash checks (bcrypt: about 100 ms of a core each):
 * <ol>
 *     <li>a user or an address locked out for failed attempts is refused (429) before any check;</li>
 *     <li>the same user name and password that passed a check a moment ago pass again without one;</li>
 *     <li>at most {@code concurrentChecks} checks run at once, a sign-in beyond them is refused (503) at once.</li>
 * </ol>
 */
final class GuardedPasswordCheck implements AuthenticationProvider {

    private final DaoAuthenticationProvider passwords;
    private final UserDetailsService users;
    private final SignInThrottle throttle;
    private final VerifiedCredentials verified;
    private final Semaphore checks;

    GuardedPasswordCheck(UserDetailsService users, PasswordEncoder encoder, SignInProperties settings, Clock clock) {
        this.passwords = new DaoAuthenticationProvider(users);
        this.passwords.setPasswordEncoder(encoder);
        this.users = users;
        this.throttle = new SignInThrottle(settings, clock);
        this.verified = new VerifiedCredentials(settings.trackedKeys(), settings.verifiedTtl(), clock);
        this.checks = new Semaphore(settings.concurrentChecks());
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String user = attempt.getName();
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        Optional<Duration> locked = throttle.lockedOut(user, address);
        if (locked.isPresent()) {
            throw SignInRefusedException.lockedOut(locked.get());
        }
        String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
        Optional<UserDetails> recalled = usable(user).filter(u -> verified.recalls(u, password));
        if (recalled.isPresent()) {
            throttle.succeeded(user);
            UsernamePasswordAuthenticationToken known = UsernamePasswordAuthenticationToken.authenticated(
                    recalled.get(), null, recalled.get().getAuthorities());
            known.setDetails(attempt.getDetails());
            return known;
        }
        if (!checks.tryAcquire()) {
            throw SignInRefusedException.busy();
        }
        Authentication signedIn;
        try {
            signedIn = passwords.authenticate(attempt);
        } catch (BadCredentialsException e) {
            throttle.failed(user, address);
            throw e;
        } finally {
            checks.release();
        }
        throttle.succeeded(user);
        if (signedIn.getPrincipal() instanceof UserDetails checked) {
            verified.remember(checked, password);
        }
        return signedIn;
    }

    /** A user who may sign in now (the password aside); the roles as configured now. */
    private Optional<UserDetails> usable(String name) {
        try {
            UserDetails user = users.loadUserByUsername(name);
            return user.isEnabled() && user.isAccountNonLocked() && user.isAccountNonExpired()
                    && user.isCredentialsNonExpired() ? Optional.of(user) : Optional.empty();
        } catch (UsernameNotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}

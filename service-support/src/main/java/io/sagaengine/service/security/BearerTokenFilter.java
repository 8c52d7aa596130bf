package io.sagaengine.service.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Optional;

/**
 * Signs in a request that carries {@code Authorization: Bearer <token>} from {@code POST /admin/token}: the token's
 * signature and expiry are checked (no password hash to verify, so it costs microseconds), the user and their roles
 * are looked up now. A bad, expired or orphaned token is 401 at once; the request never falls back to another way of
 * signing in. Nothing is stored in a session.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final ApiTokens tokens;
    private final UserDetailsService users;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    BearerTokenFilter(ApiTokens tokens, UserDetailsService users) {
        this.tokens = tokens;
        this.users = users;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> token = BearerToken.of(request);
        if (token.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        Optional<UserDetails> user = tokens.verify(token.get()).flatMap(this::user);
        if (user.isEmpty()) {
            contexts.clearContext();
            ProblemResponses.unauthorized(request, response, "Bearer error=\"invalid_token\"",
                    "The bearer token is invalid or expired. Get a new one from POST /admin/token.");
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(new TokenAuthentication(user.get()));
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }

    private Optional<UserDetails> user(String name) {
        try {
            UserDetails user = users.loadUserByUsername(name);
            return user.isEnabled() && user.isAccountNonLocked() && user.isAccountNonExpired()
                    ? Optional.of(user) : Optional.empty();
        } catch (UsernameNotFoundException e) {
            return Optional.empty();
        }
    }

    /** A user signed in by an API token (never by a password on this request). */
    static final class TokenAuthentication extends AbstractAuthenticationToken {

        private final String name;

        TokenAuthentication(UserDetails user) {
            super(user.getAuthorities());
            this.name = user.getUsername();
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return name;
        }

        @Override
        public String getName() {
            return name;
        }
    }
}

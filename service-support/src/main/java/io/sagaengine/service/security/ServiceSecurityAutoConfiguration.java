package io.sagaengine.service.security;

import jakarta.servlet.DispatcherType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

import java.time.Clock;

/**
 * HTTP Basic security shared by the services: stateless, no CSRF (an API without cookies), users from
 * {@link ServiceSecurityProperties}, 401/403 as problem+json. Every sign-in with a password, in this chain and in
 * what a service adds to it (a form), goes through {@link GuardedPasswordCheck}: failed attempts are throttled per
 * user and per address ({@link SignInProperties}) and password hash checks are bounded.
 *
 * <p>Order of the rules: health, info and the API docs are open, then {@code saga.security.public-paths}, then each
 * {@link AccessRules} bean, then the rest of actuator needs OPERATOR, GET and HEAD need SUPPORT or OPERATOR and
 * every other request needs OPERATOR. {@link SecurityChainCustomizer} beans add to the chain last.
 *
 * <p>This chain serves every request that no chain of the service's own serves first: a service may add
 * {@link SecurityFilterChain} beans limited to some paths ({@code securityMatcher}) and ordered before
 * {@link #SHARED_CHAIN_ORDER}, for instance one that signs nobody in on an open API, so that a request there never
 * pays for a password check it does not need.
 */
@AutoConfiguration(before = {ServletWebSecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
        UserDetailsServiceAutoConfiguration.class})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableWebSecurity
@EnableConfigurationProperties({ServiceSecurityProperties.class, SignInProperties.class})
public class ServiceSecurityAutoConfiguration {

    /** Open on every service. */
    public static final String[] OPEN_PATHS = {
            "/actuator/health", "/actuator/health/**", "/actuator/info",
            "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**"};

    /** The order of the shared chain: after the chains a service adds for some paths of its own. */
    public static final int SHARED_CHAIN_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

    private static final Logger log = LoggerFactory.getLogger(ServiceSecurityAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    SessionCookies secureSessionCookies(Environment environment) {
        return new SessionCookies(environment);
    }

    @Bean
    @ConditionalOnMissingBean
    UserDetailsService userDetailsService(ServiceSecurityProperties properties, Environment environment) {
        boolean dev = environment.matchesProfiles(DevUsers.PROFILE);
        if (dev) {
            log.warn("Profile '{}' is active: the built-in local accounts 'support' and 'operator' are enabled",
                    DevUsers.PROFILE);
        } else if (properties.users().isEmpty()) {
            log.warn("No users configured (saga.security.users): every protected endpoint answers 401");
        }
        return ConfiguredUsers.of(properties.users(), dev);
    }

    @Bean
    @ConditionalOnMissingBean(name = "serviceSecurityFilterChain")
    @Order(SHARED_CHAIN_ORDER)
    SecurityFilterChain serviceSecurityFilterChain(HttpSecurity http, ServiceSecurityProperties properties,
                                                   ObjectProvider<AccessRules> accessRules,
                                                   ObjectProvider<SecurityChainCustomizer> customizers,
                                                   UserDetailsService users, PasswordEncoder passwordEncoder,
                                                   SignInProperties signIn, ObjectProvider<Clock> clock)
            throws Exception {
        ProviderManager passwordSignIn = new ProviderManager(new GuardedPasswordCheck(users, passwordEncoder, signIn,
                clock.getIfUnique(Clock::systemUTC)));
        http.authenticationManager(passwordSignIn)
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .httpBasic(basic -> basic.realmName(properties.realm())
                        .authenticationEntryPoint(ProblemResponses.unauthorized(properties.realm())))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(ProblemResponses.unauthorized(properties.realm()))
                        .accessDeniedHandler(ProblemResponses.forbidden()))
                .authorizeHttpRequests(requests -> {
                    requests.dispatcherTypeMatchers(DispatcherType.ERROR, DispatcherType.FORWARD).permitAll();
                    requests.requestMatchers(OPEN_PATHS).permitAll();
                    if (!properties.publicPaths().isEmpty()) {
                        requests.requestMatchers(properties.publicPaths().toArray(String[]::new)).permitAll();
                    }
                    accessRules.orderedStream().forEach(rules -> rules.configure(requests));
                    requests.requestMatchers("/actuator", "/actuator/**").hasRole(Roles.OPERATOR);
                    requests.requestMatchers(HttpMethod.GET).hasAnyRole(Roles.SUPPORT, Roles.OPERATOR);
                    requests.requestMatchers(HttpMethod.HEAD).hasAnyRole(Roles.SUPPORT, Roles.OPERATOR);
                    requests.anyRequest().hasRole(Roles.OPERATOR);
                });
        for (SecurityChainCustomizer customizer : customizers.orderedStream().toList()) {
            customizer.customize(http);
        }
        return http.build();
    }
}

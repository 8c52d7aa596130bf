package io.sagaengine.operations.signin;

import io.sagaengine.service.security.AccessRules;
import io.sagaengine.service.security.ProblemResponses;
import io.sagaengine.service.security.ApiTokenAutoConfiguration;
import io.sagaengine.service.security.SecurityChainCustomizer;
import io.sagaengine.service.security.ServiceSecurityProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

/**
 * The console signs in once: its form login keeps a server session (cookie {@code SameSite=Strict}, HttpOnly), which
 * skips the password hash that HTTP Basic verifies on every request; scripts use the bearer tokens every service
 * issues ({@code POST /admin/token}, {@link ApiTokenAutoConfiguration}). State changes of the admin API and the
 * console that a browser may have sent by itself (a session cookie, or remembered Basic credentials) need the
 * session's CSRF token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class SignInConfiguration {

    /** Sent by the console's own requests: a 401 then carries no challenge, so the browser shows no password box. */
    static final String CONSOLE_HEADER = "X-Requested-With";
    static final String LOGIN_PAGE = "/console/login";
    static final String LOGOUT = "/console/logout";

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    AccessRules signInAccess() {
        return requests -> requests.requestMatchers(LOGIN_PAGE, LOGOUT).permitAll();
    }

    @Bean
    SecurityChainCustomizer signIn(ServiceSecurityProperties security) {
        String basic = ProblemResponses.basicChallenge(security.realm());
        return http -> http
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED))
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(new BrowserStateChange()))
                .formLogin(form -> form.loginPage(LOGIN_PAGE).loginProcessingUrl(LOGIN_PAGE)
                        .successHandler((request, response, user) -> response.setStatus(204))
                        .failureHandler((request, response, e) -> {
                            if (!ProblemResponses.refusedSignIn(request, response, e)) {
                                ProblemResponses.unauthorized(request, response, null, "Wrong user name or password.");
                            }
                        }))
                .logout(logout -> logout.logoutUrl(LOGOUT)
                        .logoutSuccessHandler((request, response, user) -> response.setStatus(204)))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(entryPoint(basic))
                        .accessDeniedHandler(accessDenied()));
    }

    /** Console pages go to the login page; the console's own calls get a 401 without a challenge; the rest Basic. */
    private static AuthenticationEntryPoint entryPoint(String basicChallenge) {
        return (request, response, e) -> {
            if (ProblemResponses.refusedSignIn(request, response, e)) {
                return;
            }
            // the console's live saga stream (EventSource) cannot send the console's header, but always asks for
            // text/event-stream: no challenge either, so a lapsed session never pops up the browser's password box
            boolean fromConsole = request.getHeader(CONSOLE_HEADER) != null || eventStream(request);
            if (!fromConsole && consolePath(request) && "GET".equals(request.getMethod())) {
                response.sendRedirect(request.getContextPath() + LOGIN_PAGE);
            } else {
                ProblemResponses.unauthorized(request, response, fromConsole ? null : basicChallenge,
                        "Authentication is required to access this resource.");
            }
        };
    }

    private static AccessDeniedHandler accessDenied() {
        return (request, response, e) -> ProblemResponses.forbidden(request, response, e instanceof CsrfException
                ? "A state change from a browser needs the CSRF token of your console session (header "
                + "X-CSRF-TOKEN); scripts use a bearer token from POST " + ApiTokenAutoConfiguration.TOKEN_PATH
                + " or HTTP Basic without cookies."
                : "Your role does not allow this request.");
    }

    private static boolean eventStream(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE);
    }

    private static boolean consolePath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals("/console") || path.startsWith("/console/");
    }
}

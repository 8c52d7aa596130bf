package io.sagaengine.operations.console;

import io.sagaengine.service.security.Roles;
import io.swagger.v3.oas.annotations.Hidden;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Who the console's user is, what they may do, and the CSRF token their state changes must carry. Open, so the
 * login page can fetch the token for its own POST.
 */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestController
@Hidden
class ConsoleSessionController {

    record Session(boolean authenticated, String user, List<String> roles, boolean mayAct, String csrfHeader,
                   String csrfToken) {
    }

    @GetMapping("/console/session")
    ResponseEntity<Session> session(Authentication authentication, CsrfToken csrf) {
        boolean signedIn = authentication != null && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
        List<String> roles = signedIn ? authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring("ROLE_".length())).sorted().toList()
                : List.of();
        Session body = new Session(signedIn, signedIn ? authentication.getName() : null, roles,
                roles.contains(Roles.OPERATOR), csrf.getHeaderName(), csrf.getToken());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(body);
    }
}

package io.sagaengine.service.security;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.security.SecuritySchemes;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.time.Instant;

/** Scripts that make many calls sign in once with HTTP Basic and then send a short-lived bearer token. */
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@RestController
@Tag(name = "Sign-in", description = "Trade HTTP Basic for a short-lived bearer token once, for the calls after it")
@SecuritySchemes({
        @SecurityScheme(name = TokenController.BASIC, type = SecuritySchemeType.HTTP, scheme = "basic",
                description = "Users and roles (SUPPORT, OPERATOR) come from saga.security.users"),
        @SecurityScheme(name = TokenController.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
                description = "A token from POST /admin/token, sent as Authorization: Bearer <token>; needs no CSRF "
                        + "token")})
class TokenController {

    static final String BASIC = "basicAuth";
    static final String BEARER = "bearerToken";

    private static final Logger log = LoggerFactory.getLogger(TokenController.class);

    private final ApiTokens tokens;

    TokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Schema(name = "AdminToken")
    record TokenAnswer(@Schema(example = "Bearer") String tokenType,
                       @Schema(description = "Send as Authorization: Bearer <token>") String token,
                       Instant expiresAt,
                       @Schema(description = "Seconds until it expires") long expiresIn) {
    }

    @PostMapping(ApiTokenAutoConfiguration.TOKEN_PATH)
    @Operation(operationId = "issueToken", summary = "Trade HTTP Basic for a short-lived bearer token (SUPPORT or OPERATOR)",
            description = "HTTP Basic verifies the password hash on every request (tens of milliseconds each); a "
                    + "bearer token is checked by its signature alone. The token carries the user only; the user's "
                    + "roles apply as configured when it is used. Valid for saga.security.tokens.ttl (15 minutes); "
                    + "ask for a new one with the password, not with a token.",
            security = @SecurityRequirement(name = BASIC))
    @ApiResponse(responseCode = "200", description = "The token")
    @ApiResponse(responseCode = "401", description = "No or wrong credentials")
    @ApiResponse(responseCode = "403", description = "Not signed in with a password (a token cannot renew itself)")
    @ApiResponse(responseCode = "429", description = "Too many failed sign-ins for this user or from this address; "
            + "see Retry-After")
    @ApiResponse(responseCode = "503", description = "Too many password checks at once; see Retry-After")
    ResponseEntity<TokenAnswer> issue(@Parameter(hidden = true) Authentication user,
                                      @Parameter(hidden = true) HttpServletRequest request) {
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean basic = authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6);
        if (!basic || user instanceof BearerTokenFilter.TokenAuthentication) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
                    "Sign in with HTTP Basic (your password) to get a token.");
            throw new ErrorResponseException(HttpStatus.FORBIDDEN, problem, null);
        }
        ApiTokens.Issued issued = tokens.issue(user.getName());
        log.info("API token issued to {}, valid until {}", user.getName(), issued.expiresAt());
        long seconds = Math.max(0, Duration.between(Instant.now(), issued.expiresAt()).toSeconds());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new TokenAnswer("Bearer", issued.token(), issued.expiresAt(), seconds));
    }
}

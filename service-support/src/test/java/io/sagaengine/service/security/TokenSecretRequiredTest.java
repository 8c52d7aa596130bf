package io.sagaengine.service.security;

import io.sagaengine.service.WebTestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** Outside the dev profile a service does not start without the key that signs its API tokens. */
class TokenSecretRequiredTest {

    private final WebApplicationContextRunner service = new WebApplicationContextRunner()
            .withUserConfiguration(WebTestApplication.class);

    @Test
    void withoutASecretOutsideTheDevProfileTheServiceDoesNotStart() {
        service.withPropertyValues("saga.security.tokens.secret=").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("saga.security.tokens.secret is not set")
                    .hasMessageContaining("SAGA_SECURITY_TOKENS_SECRET");
        });
        service.run(context -> assertThat(context).hasFailed());
    }

    @Test
    void theDevProfileSignsWithARandomKeyAndASetSecretIsUsed() {
        service.withInitializer(context -> context.getEnvironment().setActiveProfiles("dev"))
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ApiTokens.class));
        service.withPropertyValues("saga.security.tokens.secret=a-key-of-at-least-thirty-two-characters")
                .run(context -> assertThat(context).hasNotFailed().hasSingleBean(ApiTokens.class));
    }
}

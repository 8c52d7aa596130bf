package io.sagaengine.orchestrator.order;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class IdempotencyKeyTest {

    @Test
    void isOptional() {
        assertThat(IdempotencyKey.fromHeader(null)).isEmpty();
    }

    @Test
    void acceptsOneToTwoHundredFiftyFivePrintableAsciiCharacters() {
        assertThat(IdempotencyKey.fromHeader("k")).map(IdempotencyKey::value).contains("k");
        assertThat(IdempotencyKey.fromHeader("x".repeat(255))).isPresent();
        assertThat(IdempotencyKey.fromHeader("a b~!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}")).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tab\there", "new\nline", "ümlaut", "del\u007f", "nul\u0000"})
    void refusesEverythingElse(String value) {
        OrderProblem problem = catchThrowableOfType(OrderProblem.class, () -> IdempotencyKey.fromHeader(value));

        assertThat(problem.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
    }

    @Test
    void refusesMoreThanTwoHundredFiftyFiveCharacters() {
        assertThat(catchThrowableOfType(OrderProblem.class, () -> IdempotencyKey.fromHeader("x".repeat(256)))).isNotNull();
    }
}

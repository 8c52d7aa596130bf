package io.sagaengine.operations.deadletter;

import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DeadLetterQueryTest {

    @Test
    void aCursorNamesTheNextOffsetOfEachPartitionAndReadsBackAsItWasHandedOut() {
        DeadLetterCursor cursor = new DeadLetterCursor(Map.of(2, 7L, 0, 15L, 1, 0L));
        String text = cursor.format();

        assertThat(text).matches("[A-Za-z0-9_-]+");
        assertThat(DeadLetterCursor.parse(text)).isEqualTo(cursor);
        assertThat(DeadLetterCursor.parse(text).next()).containsExactly(Map.entry(0, 15L), Map.entry(1, 0L),
                Map.entry(2, 7L));
    }

    @Test
    void aCursorStartsAPartitionAtItsOffsetButNeverBeforeWhatTheTopicStillHolds() {
        DeadLetterCursor cursor = new DeadLetterCursor(Map.of(0, 15L));

        assertThat(cursor.startOf(0, 3)).isEqualTo(15);
        assertThat(cursor.startOf(0, 20)).as("retention deleted the offsets before 20").isEqualTo(20);
        assertThat(cursor.startOf(1, 4)).as("a partition the cursor does not name starts at its beginning")
                .isEqualTo(4);
        assertThat(DeadLetterCursor.parse(null)).isEqualTo(DeadLetterCursor.START);
        assertThat(DeadLetterCursor.parse("")).isEqualTo(DeadLetterCursor.START);
    }

    @Test
    void aCursorThisApiDidNotHandOutIsRefused() {
        for (String bad : List.of("not a cursor", "bm90LWEtY3Vyc29y", encode("v2:0.1"), encode("v1:0.1,0.2"),
                encode("v1:-1.5"), encode("v1:0.x"), encode("v1:0.1,"), encode("v1:1234567890.1"), "A",
                "A".repeat(DeadLetterCursor.MAX_LENGTH + 1))) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> DeadLetterCursor.parse(bad));
        }
    }

    @Test
    void theQueryTakesItsFiltersStrippedAndDefaultsWhatIsMissing() {
        DeadLetterQuery query = DeadLetterQuery.parse(" PaymentCharged ", null, "  ", "true", null, null);

        assertThat(query.filter()).isEqualTo(new DeadLetterFilter("PaymentCharged", null, null, true));
        assertThat(query.limit()).isEqualTo(DeadLetterQuery.DEFAULT_LIMIT);
        assertThat(query.cursor()).isEqualTo(DeadLetterCursor.START);

        String cursor = new DeadLetterCursor(Map.of(1, 9L)).format();
        DeadLetterQuery paged = DeadLetterQuery.parse(null, "6b1f3f0e-2f4c-4a8e-9a57-3d8f0b1c2d3e", "unknown",
                "FALSE", "200", cursor);
        assertThat(paged.filter()).isEqualTo(new DeadLetterFilter(null, "6b1f3f0e-2f4c-4a8e-9a57-3d8f0b1c2d3e",
                "unknown", false));
        assertThat(paged.limit()).isEqualTo(200);
        assertThat(paged.cursor().next()).containsExactly(Map.entry(1, 9L));
    }

    @Test
    void everyBadParameterIsListedInOneProblem() {
        ErrorResponseException problem = catchThrowableOfType(ErrorResponseException.class,
                () -> DeadLetterQuery.parse("x".repeat(256), null, null, "yes", "0", "garbage!"));

        assertThat(problem.getStatusCode().value()).isEqualTo(400);
        assertThat(problem.getBody().getProperties()).containsKey("errors");
        assertThat(problem.getBody().getProperties().get("errors").toString())
                .contains("messageType", "notRedriven", "limit", "cursor");
        assertThat(catchThrowableOfType(ErrorResponseException.class,
                () -> DeadLetterQuery.parse(null, null, null, null, "201", null))).isNotNull();
        assertThat(catchThrowableOfType(ErrorResponseException.class,
                () -> DeadLetterQuery.parse(null, null, null, null, "ten", null))).isNotNull();
    }

    private static String encode(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}

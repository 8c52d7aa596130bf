package io.sagaengine.bench;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

import static org.assertj.core.api.Assertions.assertThat;

class RateSearchTest {

    @Test
    void stepsUpUntilARateFailsThenRefinesBetweenTheBestAndTheFailedRate() {
        List<Integer> tried = run(new RateSearch(20, 20, List.of(), 12), rate -> rate <= 50);

        assertThat(tried).containsExactly(20, 40, 60, 50, 55);
    }

    @Test
    void aColdFirstStepThatFailsIsTriedOnceMoreBeforeItCounts() {
        boolean[] warm = {false};
        List<Integer> tried = run(new RateSearch(30, 20, List.of(), 12), rate -> {
            boolean ok = warm[0] && rate <= 50;
            warm[0] = true;
            return ok;
        });

        assertThat(tried).containsExactly(30, 30, 50, 70, 60, 55);
    }

    @Test
    void aFirstStepThatFailsTwiceCountsAsFailed() {
        List<Integer> tried = run(new RateSearch(30, 20, List.of(), 12), rate -> rate <= 10);

        assertThat(tried).containsExactly(30, 30, 15, 7, 11);
    }

    @Test
    void givenRatesAreTriedInOrderUntilOneFails() {
        List<Integer> tried = run(new RateSearch(20, 20, List.of(10, 20, 30, 40), 12), rate -> rate <= 20);

        assertThat(tried).containsExactly(10, 20, 30);
    }

    @Test
    void stopsAfterTheMaximumNumberOfSteps() {
        List<Integer> tried = run(new RateSearch(20, 20, List.of(), 3), rate -> true);

        assertThat(tried).containsExactly(20, 40, 60);
    }

    private static List<Integer> run(RateSearch search, IntPredicate sustained) {
        List<Integer> tried = new ArrayList<>();
        for (OptionalInt next = search.next(); next.isPresent(); next = search.next()) {
            tried.add(next.getAsInt());
            search.record(next.getAsInt(), sustained.test(next.getAsInt()));
        }
        return tried;
    }
}

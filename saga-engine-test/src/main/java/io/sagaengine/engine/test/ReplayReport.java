package io.sagaengine.engine.test;

import java.util.List;
import java.util.stream.Collectors;

/** What a {@link SagaReplayer} found, a result per saga replayed, in the order given. */
public record ReplayReport(List<ReplayResult> results) {

    public ReplayReport {
        results = List.copyOf(results);
    }

    /** The sagas in flight the definition cannot continue. */
    public List<ReplayResult> cannotContinue() {
        return results.stream().filter(r -> r.verdict() == ReplayResult.Verdict.CANNOT_CONTINUE).toList();
    }

    /** @throws AssertionError naming every saga in flight the definition cannot continue, and why */
    public void assertEverySagaInFlightCanContinue() {
        List<ReplayResult> failed = cannotContinue();
        if (!failed.isEmpty()) {
            throw new AssertionError(failed.size() + " of " + results.size() + " recorded sagas cannot be continued "
                    + "by this definition (deploy it as a new version, or migrate them with a mapping):\n  "
                    + failed.stream().map(ReplayResult::toString).collect(Collectors.joining("\n  ")));
        }
    }
}

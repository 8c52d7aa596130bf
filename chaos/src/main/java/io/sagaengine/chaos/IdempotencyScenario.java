package io.sagaengine.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * While orders flow, 50 concurrent POSTs with one Idempotency-Key and one body: one saga; every answer is 202
 * with the same order id, 409 while the first is still being handled, or a refusal (503 with Retry-After: too busy,
 * nothing stored). Then the same key with another body (asked again after a refusal): 422.
 */
final class IdempotencyScenario implements Scenario {

    static final int CONCURRENT = 50;
    private static final String SOURCE = "idempotency";

    private record Round(String key, List<Api.Answer> answers, Api.Answer otherBody) {
    }

    private final List<Round> rounds = new ArrayList<>();

    @Override
    public String name() {
        return "idempotency";
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        rounds.clear();
        for (int round = 1; round <= context.options().repeats(); round++) {
            context.waitRandomly(2, 5);
            rounds.add(round(context, context.fixtures().prefix() + "-idem" + round));
        }
        context.healed("%d rounds done", rounds.size());
    }

    private Round round(ScenarioContext context, String key) throws Exception {
        OrderPlan plan = context.planner().completing(key, 0);
        PlacedOrder placed = new PlacedOrder(plan);
        context.workload().track(placed);
        List<CompletableFuture<Api.Answer>> calls = new ArrayList<>();
        Instant sentAt = Instant.now();
        for (int i = 0; i < CONCURRENT; i++) {
            calls.add(context.api().placeOrder(ChaosStack.ORCHESTRATOR, plan.key(), plan.body()));
        }
        List<Api.Answer> answers = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            Api.Answer answer = calls.get(i).get(Api.POST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
            answers.add(answer);
            placed.answered(answer);
            context.requests().record(plan.key(), i + 1, SOURCE, sentAt, 0, answer);
        }
        OrderPlan other = context.planner().completing(plan.key(), 1);
        Api.Answer otherAnswer = context.api().placeOrder(ChaosStack.ORCHESTRATOR, other.key(), other.body())
                .get(Api.POST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        for (int attempt = 1; attempt < 10 && otherAnswer.refused(); attempt++) {
            // the client's side of a refusal: the same request again after Retry-After
            TimeUnit.SECONDS.sleep(otherAnswer.retryAfterSeconds().orElse(1));
            otherAnswer = context.api().placeOrder(ChaosStack.ORCHESTRATOR, other.key(), other.body())
                    .get(Api.POST_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
        }
        context.requests().record(plan.key(), CONCURRENT + 1, SOURCE + "-other-body", Instant.now(), 0, otherAnswer);
        context.injected("%d concurrent POSTs with key %s: %s; the key with another body: %s", CONCURRENT, plan.key(),
                answers.stream().collect(Collectors.groupingBy(Api.Answer::outcome, Collectors.counting())),
                otherAnswer.outcome());
        return new Round(plan.key(), answers, otherAnswer);
    }

    @Override
    public void check(ScenarioContext context, Evidence evidence, Findings findings) {
        for (Round round : rounds) {
            List<String> orderIds = round.answers().stream().filter(a -> a.status() == 202).map(Api.Answer::orderId)
                    .distinct().toList();
            if (orderIds.size() != 1) {
                findings.violation("I7", "key " + round.key() + ": " + CONCURRENT + " concurrent POSTs were accepted as "
                        + orderIds.size() + " orders " + orderIds);
            }
            List<String> others = round.answers().stream()
                    .filter(a -> a.status() != 202 && a.status() != 409 && !refusedToComeBack(a))
                    .map(a -> a.outcome() + (a.detail() == null ? "" : " " + a.detail())).toList();
            if (!others.isEmpty()) {
                findings.violation("I7", "key " + round.key() + ": answers other than 202, 409 and 503 with "
                        + "Retry-After: " + others);
            }
            if (round.otherBody().status() != 422) {
                findings.violation("I7", "key " + round.key() + " with another body answered "
                        + round.otherBody().outcome() + ", expected 422");
            }
        }
    }

    /** Too busy: nothing stored, come back after Retry-After (the same key then gets the order's answer). */
    private static boolean refusedToComeBack(Api.Answer answer) {
        return answer.status() == 503 && answer.retryAfterSeconds().isPresent();
    }
}

package io.sagaengine.chaos;

import java.util.ArrayList;
import java.util.List;

/** A planned order and every answer its requests got so far. */
final class PlacedOrder {

    private final OrderPlan plan;
    private final List<Api.Answer> answers = new ArrayList<>();
    private volatile boolean gaveUp;

    PlacedOrder(OrderPlan plan) {
        this.plan = plan;
    }

    OrderPlan plan() {
        return plan;
    }

    synchronized void answered(Api.Answer answer) {
        answers.add(answer);
    }

    synchronized List<Api.Answer> answers() {
        return List.copyOf(answers);
    }

    /** The first answer that settles the request (202 or a 4xx other than 409), or null. */
    synchronized Api.Answer definitive() {
        return answers.stream().filter(Api.Answer::definitive).findFirst().orElse(null);
    }

    synchronized String sagaId() {
        Api.Answer answer = definitive();
        return answer == null ? null : answer.sagaId();
    }

    void giveUp() {
        gaveUp = true;
    }

    boolean settled() {
        return gaveUp || definitive() != null;
    }
}

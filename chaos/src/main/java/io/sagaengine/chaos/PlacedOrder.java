package io.sagaengine.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A planned order and every answer its requests got so far. */
final class PlacedOrder {

    private final OrderPlan plan;
    private final boolean refusalFinal;
    private final List<Api.Answer> answers = new ArrayList<>();
    private volatile boolean gaveUp;
    private volatile Instant firstSentAt;

    PlacedOrder(OrderPlan plan) {
        this(plan, false);
    }

    /**
     * @param refusalFinal whether a refusal ({@code 503}/{@code 429}) ends the order's requests, as an open-loop
     *                     client that sheds its load along with the system would; otherwise it is asked again
     */
    PlacedOrder(OrderPlan plan, boolean refusalFinal) {
        this.plan = plan;
        this.refusalFinal = refusalFinal;
    }

    boolean refusalFinal() {
        return refusalFinal;
    }

    /** Remembers when the first request went out. */
    void sending(Instant at) {
        if (firstSentAt == null) {
            firstSentAt = at;
        }
    }

    /** When the first request went out; null if none did. */
    Instant firstSentAt() {
        return firstSentAt;
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

    /** Requests of this order the system refused ({@code 503}/{@code 429}). */
    synchronized long refusals() {
        return answers.stream().filter(Api.Answer::refused).count();
    }

    /** Refused for good: no definitive answer, the last one a refusal, and refusals end this order's requests. */
    synchronized boolean refusedForGood() {
        return refusalFinal && definitive() == null && !answers.isEmpty() && answers.get(answers.size() - 1).refused();
    }

    /** Every answer a refusal: the system never took the order on (nor might have, unlike after a timeout). */
    synchronized boolean onlyRefused() {
        return !answers.isEmpty() && answers.stream().allMatch(Api.Answer::refused);
    }

    boolean settled() {
        return gaveUp || definitive() != null || refusedForGood();
    }
}

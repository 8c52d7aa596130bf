package io.sagaengine.engine;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The request id of a step: derived from the saga id and the step's name, never drawn at random. A transition
 * that is made again (the saga's database failed over before the first one was replicated, or was restored from
 * a backup) sends the same request id, so the participant answers from what it recorded instead of acting twice
 * or refusing a second request for the same order. The step's compensation carries the same id on purpose: the
 * participant keys the forward effect and its undo on it.
 */
final class RequestIds {

    private RequestIds() {
    }

    static UUID of(UUID sagaId, String step) {
        return UUID.nameUUIDFromBytes(("saga-request:" + sagaId + ":" + step + ":forward")
                .getBytes(StandardCharsets.UTF_8));
    }
}

package io.sagaengine.orchestrator.saga;

import io.sagaengine.engine.SagaQueries;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.SagaView;
import io.sagaengine.engine.StepStatus;
import io.sagaengine.service.problem.ResourceNotFoundException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** {@code GET /sagas/{sagaId}}: where a saga stands, for apps and people following an order. Open to everyone. */
@RestController
class SagaController {

    private final SagaQueries sagas;

    SagaController(SagaQueries sagas) {
        this.sagas = sagas;
    }

    /** A malformed id is a 400 and an unknown one a 404, both problem+json. */
    @GetMapping("/sagas/{sagaId}")
    SagaResponse saga(@PathVariable UUID sagaId) {
        return sagas.find(sagaId).map(SagaResponse::of)
                .orElseThrow(() -> new ResourceNotFoundException("There is no saga " + sagaId + "."));
    }

    record SagaResponse(UUID sagaId, String type, SagaStatus status, String state, List<Step> steps,
                        Instant startedAt, Instant updatedAt) {

        record Step(String name, StepStatus status, int attempts) {
        }

        static SagaResponse of(SagaView saga) {
            return new SagaResponse(saga.sagaId(), saga.type(), saga.status(), saga.state(),
                    saga.steps().stream().map(s -> new Step(s.name(), s.status(), s.attempts())).toList(),
                    saga.startedAt(), saga.updatedAt());
        }
    }
}

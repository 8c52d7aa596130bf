package io.sagaengine.operations.admin;

import io.sagaengine.operations.admin.AdminSagaController.SagaIdParameter;
import io.sagaengine.operations.admin.AdminSagaViews.Problem;
import io.sagaengine.operations.admin.AdminSagaViews.SagaDetail;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.UUID;

/** One saga as a live stream: what the console's saga page follows instead of reading the saga again and again. */
@RestController
@RequestMapping("/admin/sagas")
@Tag(name = "Admin")
@SecurityRequirement(name = AdminAccess.SCHEME)
@ApiResponse(responseCode = "401", description = "No or wrong credentials",
        content = @Content(mediaType = AdminSagaController.PROBLEM, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The user's role may not do this",
        content = @Content(mediaType = AdminSagaController.PROBLEM, schema = @Schema(implementation = Problem.class)))
class SagaEventsController {

    private final SagaStreams streams;

    SagaEventsController(SagaStreams streams) {
        this.streams = streams;
    }

    @GetMapping("/{sagaId}/events")
    @Operation(operationId = "streamSaga", summary = "Follow a saga live (SUPPORT or OPERATOR)",
            description = "Server-sent events: the saga as GET /admin/sagas/{sagaId} answers it, now and again "
                    + "after each change; each event's id is the saga's version. The stream ends once the saga is "
                    + "finished (COMPLETED or COMPENSATED). Changes are found by a shared check of the followed "
                    + "sagas' versions (saga.admin.events.check-interval, 500 ms); at most "
                    + "saga.admin.events.max-subscribers streams are open on an instance.")
    @ApiResponse(responseCode = "200", description = "The stream",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = SagaDetail.class)))
    @ApiResponse(responseCode = "400", description = "The saga id is not a UUID",
            content = @Content(mediaType = AdminSagaController.PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No saga has this id",
            content = @Content(mediaType = AdminSagaController.PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "503", description = "As many streams as allowed are open; read the saga instead",
            content = @Content(mediaType = AdminSagaController.PROBLEM, schema = @Schema(implementation = Problem.class)))
    SseEmitter events(@SagaIdParameter @PathVariable UUID sagaId) {
        return streams.open(sagaId).orElseThrow(() -> AdminProblems.notFound(sagaId));
    }

    @ExceptionHandler(SagaStreams.Full.class)
    ErrorResponseException full(SagaStreams.Full e) {
        return AdminProblems.tooManyStreams(e.max);
    }
}

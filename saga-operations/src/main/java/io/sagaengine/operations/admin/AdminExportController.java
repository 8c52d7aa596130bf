package io.sagaengine.operations.admin;

import io.sagaengine.engine.SagaPage;
import io.sagaengine.engine.SagaQueries;
import io.sagaengine.engine.SagaSearch;
import io.sagaengine.engine.SagaStatus;
import io.sagaengine.engine.SagaTimelineExport;
import io.sagaengine.engine.SagaView;
import io.sagaengine.operations.admin.AdminSagaController.SagaIdParameter;
import io.sagaengine.operations.admin.AdminSagaViews.Problem;
import io.sagaengine.service.problem.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Sagas' recorded timelines in the engine's stable export form ({@link SagaTimelineExport}, {@value
 * SagaTimelineExport#FORMAT}), to replay them against a changed definition with the test kit's {@code SagaReplayer}
 * before deploying it: one saga, or a bounded page of them.
 */
@RestController
@RequestMapping("/admin/sagas")
@Tag(name = "Admin", description = "Support staff: find stuck sagas, read their timeline, and act on them")
@SecurityRequirement(name = AdminAccess.SCHEME)
@SecurityRequirement(name = "bearerToken")
@ApiResponse(responseCode = "401", description = "No or wrong credentials",
        content = @Content(mediaType = AdminSagaController.PROBLEM, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "Neither support staff nor an operator",
        content = @Content(mediaType = AdminSagaController.PROBLEM, schema = @Schema(implementation = Problem.class)))
class AdminExportController {

    /** The header that carries the next page's cursor; absent on the last page. */
    static final String NEXT_CURSOR = "X-Next-Cursor";
    static final int DEFAULT_LIMIT = 20;
    /** Each saga comes with its whole timeline: pages are kept small. */
    static final int MAX_LIMIT = 100;

    private static final String PROBLEM = AdminSagaController.PROBLEM;

    private final SagaQueries queries;
    private final AdminReads reads;

    AdminExportController(SagaQueries queries, AdminReads reads) {
        this.queries = queries;
        this.reads = reads;
    }

    @GetMapping(path = "/{sagaId}/export", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "exportSaga", summary = "Export a saga's timeline for replay (SUPPORT or OPERATOR)",
            description = "The saga with its data, steps and whole timeline in the stable form "
                    + SagaTimelineExport.FORMAT + " (fields are only ever added), as the test kit's SagaReplayer "
                    + "reads it.")
    @ApiResponse(responseCode = "200", description = "The export, one JSON object",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = SagaTimelineExport.class)))
    @ApiResponse(responseCode = "400", description = "The saga id is not a UUID",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    @ApiResponse(responseCode = "404", description = "No saga has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    ResponseEntity<String> exportOne(@SagaIdParameter @PathVariable UUID sagaId) {
        SagaView saga = reads.read(() -> queries.find(sagaId)).orElseThrow(() -> AdminProblems.notFound(sagaId));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(SagaTimelineExport.of(saga).toJson());
    }

    @GetMapping(path = "/export", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "exportSagas", summary = "Export a page of sagas' timelines for replay (SUPPORT or "
            + "OPERATOR)", description = "A JSON array of exports (" + SagaTimelineExport.FORMAT + ") of the sagas "
            + "in start order, at most limit of them; the next page's cursor comes in the " + NEXT_CURSOR
            + " header, absent on the last page.")
    @ApiResponse(responseCode = "200", description = "A page of exports, a JSON array",
            headers = @Header(name = NEXT_CURSOR, description = "The cursor of the next page (send it as cursor); "
                    + "absent on the last page", schema = @Schema(type = "string")),
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = SagaTimelineExport[].class)))
    @ApiResponse(responseCode = "400", description = "A bad parameter (all listed in errors)",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = Problem.class)))
    ResponseEntity<String> exportPage(
            @Parameter(description = "Only sagas of this type (definition name), e.g. order",
                    schema = @Schema(type = "string"))
            @RequestParam(required = false) String type,
            @Parameter(description = "Only sagas with this status", schema = @Schema(implementation = SagaStatus.class))
            @RequestParam(required = false) String status,
            @Parameter(description = "Page size", schema = @Schema(type = "integer", minimum = "1",
                    maximum = "" + MAX_LIMIT, defaultValue = "" + DEFAULT_LIMIT))
            @RequestParam(required = false) String limit,
            @Parameter(description = "The " + NEXT_CURSOR + " header of the previous page",
                    schema = @Schema(type = "string"))
            @RequestParam(required = false) String cursor) {
        List<FieldError> errors = new ArrayList<>();
        SagaStatus parsedStatus = ListParameters.status(status, errors);
        String parsedType = type(type, errors);
        int parsedLimit = limit(limit, errors);
        String parsedCursor = ListParameters.cursor(cursor, errors);
        if (!errors.isEmpty()) {
            throw AdminProblems.invalid(errors);
        }
        SagaSearch search = new SagaSearch(parsedStatus, false, Duration.ZERO, parsedLimit, parsedCursor)
                .ofType(parsedType);
        Page page;
        try {
            page = reads.read(() -> {
                SagaPage listed = queries.list(search);
                // a saga purged between the listing and its read is left out
                List<SagaTimelineExport> exports = listed.items().stream()
                        .flatMap(s -> queries.find(s.sagaId()).stream()).map(SagaTimelineExport::of).toList();
                return new Page(exports, listed.nextCursor());
            });
        } catch (IllegalArgumentException e) {
            // the listing refuses only cursors it did not hand out; the rest was checked above
            throw AdminProblems.invalid(List.of(ListParameters.invalidCursor()));
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON);
        if (page.nextCursor() != null) {
            answer.header(NEXT_CURSOR, page.nextCursor());
        }
        return answer.body(SagaTimelineExport.toJson(page.exports()));
    }

    private record Page(List<SagaTimelineExport> exports, String nextCursor) {
    }

    private static String type(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String type = value.strip();
        if (type.length() > ListParameters.MAX_TYPE_LENGTH || !type.matches("[A-Za-z0-9._:-]+")) {
            errors.add(new FieldError("type", "must be a saga type of at most " + ListParameters.MAX_TYPE_LENGTH
                    + " letters, digits or . _ : -"));
            return null;
        }
        return type;
    }

    private static int limit(String value, List<FieldError> errors) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }
}

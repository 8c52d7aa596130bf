package io.sagaengine.orchestrator.order;

import io.sagaengine.orchestrator.admission.OrderAdmission;
import io.sagaengine.outbox.listener.ServiceReadiness;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

@RestController
@RequestMapping("/orders")
@Tag(name = "Orders", description = "Place orders and follow them to their outcome")
class OrderController {

    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    /** Beyond the wait, how long the container holds a long poll in case the waiter's own deadline never fires. */
    private static final Duration DEFERRED_GRACE = Duration.ofSeconds(5);
    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final OrderRequestParser parser = new OrderRequestParser();
    private final OrderPlacement placement;
    private final OrderVersions versions;
    private final OrderWaiters waiters;
    private final OrderApiProperties properties;
    private final ServiceReadiness readiness;
    private final OrderAdmission admission;

    OrderController(OrderPlacement placement, OrderVersions versions, OrderWaiters waiters,
                    OrderApiProperties properties, ServiceReadiness readiness, OrderAdmission admission) {
        this.placement = placement;
        this.versions = versions;
        this.waiters = waiters;
        this.properties = properties;
        this.readiness = readiness;
        this.admission = admission;
    }

    @PostMapping
    @Operation(operationId = "placeOrder", summary = "Place an order",
            description = "Stores the order and starts its saga in one transaction. With an Idempotency-Key, "
                    + "repeating the request gives the same answer and starts no second saga.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = OrderApiSchemas.PlaceOrderRequest.class))))
    @Parameter(name = IdempotencyKey.HEADER, in = ParameterIn.HEADER,
            description = "Makes the request safe to repeat: 1 to 255 printable ASCII characters",
            schema = @Schema(type = "string", minLength = 1, maxLength = IdempotencyKey.MAX_LENGTH))
    @ApiResponse(responseCode = "202", description = "Accepted; the order's saga has started",
            headers = {@Header(name = HttpHeaders.LOCATION, description = "/orders/{orderId}",
                    schema = @Schema(type = "string")),
                    @Header(name = HttpHeaders.ETAG, description = "The new order's entity tag: send it as If-None-Match "
                            + "with Prefer: wait=N to wait for its first change at once. Absent when the answer repeats "
                            + "an earlier one for the same Idempotency-Key.", schema = @Schema(type = "string"))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = OrderAccepted.class)))
    @ApiResponse(responseCode = "400", description = "Malformed JSON, invalid fields (all listed) or a bad Idempotency-Key",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    @ApiResponse(responseCode = "409", description = "A request with this Idempotency-Key is still being handled",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    @ApiResponse(responseCode = "413", description = "The body is larger than the configured limit",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    @ApiResponse(responseCode = "415", description = "The body is not application/json",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    @ApiResponse(responseCode = "422", description = "The Idempotency-Key was used before with a different body",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    @ApiResponse(responseCode = "503", description = "This instance cannot take orders now: what it would write could "
            + "not be published, or its replies are not being read, or its database is unreachable (title \"Not "
            + "taking orders\"); or it is too busy (title \"Too busy\", property reason: limit = as many orders in "
            + "flight as it finishes in time, stalled = the limit is reached and the orders in flight have stopped "
            + "finishing (a service they need may be down), reply-lag, pool-wait, heap, pool = no database connection free for "
            + "orders). Nothing was stored; send the same request again after Retry-After (with the same "
            + "Idempotency-Key)",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds", schema = @Schema(type = "integer")),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    ResponseEntity<OrderAccepted> place(@Parameter(hidden = true) HttpServletRequest request) throws IOException {
        if (readiness.refusesWork()) {
            // an order accepted now would wait for a slot, or a listener, that may not come back by itself
            throw OrderProblem.notTakingOrders();
        }
        // before the body is read or the database touched, so that a refusal under overload costs next to nothing;
        // a repeat of an accepted order is refused too and gets its answer once this instance takes orders again
        try (OrderAdmission.Ticket ticket = admission.admit()) {
            requireJson(request.getContentType());
            Optional<IdempotencyKey> key = idempotencyKey(request);
            NewOrder order = parser.parse(readBody(request));
            OrderPlacement.Accepted accepted = ticket.withConnection(() -> placement.place(order, key));
            if (accepted.version().isPresent()) {
                ticket.started(accepted.sagaId());
            }
            ResponseEntity.BodyBuilder answer = ResponseEntity.accepted()
                    .location(URI.create("/orders/" + accepted.orderId()));
            // a client long-polls with this tag right away, without reading the order it just placed first
            accepted.version().ifPresent(version -> answer.eTag(Revalidation.entityTag(version)));
            return answer.body(OrderAccepted.of(accepted));
        }
    }

    @GetMapping("/{orderId}")
    @Operation(operationId = "getOrder", summary = "Read an order",
            description = "Answers 304 when If-None-Match names the current ETag. With Prefer: wait=N (N up to 30) "
                    + "as well, waits up to N seconds for the order to change before answering (long poll). Each "
                    + "instance holds as many long polls as its memory allows; beyond that it answers 503.")
    @Parameter(name = HttpHeaders.IF_NONE_MATCH, in = ParameterIn.HEADER, description = "The ETag last seen",
            schema = @Schema(type = "string"))
    @Parameter(name = Revalidation.PREFER, in = ParameterIn.HEADER,
            description = "wait=N: with If-None-Match, wait up to N seconds for a change (RFC 7240)",
            schema = @Schema(type = "string", example = "wait=20"))
    @ApiResponse(responseCode = "200", description = "The order",
            headers = {@Header(name = HttpHeaders.ETAG, schema = @Schema(type = "string")),
                    @Header(name = Revalidation.PREFERENCE_APPLIED, schema = @Schema(type = "string"))},
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = OrderView.class)))
    @ApiResponse(responseCode = "304", description = "Not changed since the ETag in If-None-Match",
            headers = {@Header(name = HttpHeaders.ETAG, schema = @Schema(type = "string")),
                    @Header(name = Revalidation.PREFERENCE_APPLIED, schema = @Schema(type = "string"))},
            content = @Content)
    @ApiResponse(responseCode = "400", description = "The order id is not a UUID",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    @ApiResponse(responseCode = "404", description = "No order has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    @ApiResponse(responseCode = "503", description = "A long poll while this instance holds as many as it can: nothing "
            + "changed that the client has not seen; send the request again after Retry-After",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds", schema = @Schema(type = "integer")),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    Object get(@Parameter(description = "The order's id", schema = @Schema(type = "string", format = "uuid"))
               @PathVariable String orderId,
               @Parameter(hidden = true) @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false)
               List<String> ifNoneMatch,
               @Parameter(hidden = true) @RequestHeader(value = Revalidation.PREFER, required = false)
               List<String> prefer,
               @Parameter(hidden = true) HttpServletRequest request) {
        if (request.getAttribute(NotModifiedFromMemory.WAITED) instanceof NotModifiedFromMemory.Waited waited) {
            // a long poll that waited in the filter and saw a change: answer what the waiter read
            request.removeAttribute(NotModifiedFromMemory.WAITED);
            return outcome(waited.outcome(), waited.version(), waited.waitFor());
        }
        UUID id = parseOrderId(orderId);
        Optional<Duration> wait = Revalidation.waitPreference(prefer == null ? List.of() : prefer, properties.maxWait())
                .filter(w -> !w.isZero());
        if (ifNoneMatch != null) {
            OptionalLong known = versions.current(id);
            if (known.isPresent() && Revalidation.matches(ifNoneMatch, known.getAsLong())) {
                // the client has seen the current version: nothing to read unless it changes
                if (wait.isEmpty()) {
                    versions.answeredFromMemory();
                    return notModified(known.getAsLong(), null);
                }
                return awaitChange(id, known.getAsLong(), wait.get());
            }
        }
        StoredOrder order = versions.read(id).orElseThrow(OrderProblem::orderNotFound);
        if (ifNoneMatch == null || !Revalidation.matches(ifNoneMatch, order.version())) {
            return answer(order, false, null);
        }
        if (wait.isEmpty()) {
            return answer(order, true, null);
        }
        return awaitChange(order.id(), order.version(), wait.get());
    }

    private DeferredResult<ResponseEntity<OrderView>> awaitChange(UUID orderId, long version, Duration wait) {
        CompletableFuture<OrderWaiters.Outcome> change = waiters.awaitChange(orderId, version, wait);
        DeferredResult<ResponseEntity<OrderView>> result =
                new DeferredResult<>(wait.plus(DEFERRED_GRACE).toMillis(), () -> notModified(version, wait));
        result.onCompletion(() -> change.cancel(false));
        change.whenComplete((outcome, error) -> {
            if (error != null) {
                result.setErrorResult(error);
            } else {
                try {
                    result.setResult(outcome(outcome, version, wait));
                } catch (OrderProblem gone) {
                    result.setErrorResult(gone);
                }
            }
        });
        return result;
    }

    /** The answer to a long poll that ended: the order as it changed, or not modified. */
    private ResponseEntity<OrderView> outcome(OrderWaiters.Outcome outcome, long version, Duration wait) {
        if (outcome instanceof OrderWaiters.Outcome.Latest latest) {
            return answer(latest.order(), latest.order().version() == version, wait);
        } else if (outcome instanceof OrderWaiters.Outcome.Unchanged) {
            versions.answeredFromMemory();
            return notModified(version, wait);
        }
        throw OrderProblem.orderNotFound();
    }

    private static ResponseEntity<OrderView> notModified(long version, Duration waited) {
        return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(Revalidation.headers(version, waited)).build();
    }

    private static ResponseEntity<OrderView> answer(StoredOrder order, boolean notModified, Duration waited) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(notModified ? HttpStatus.NOT_MODIFIED : HttpStatus.OK)
                .headers(Revalidation.headers(order.version(), waited));
        return notModified ? builder.build() : builder.body(OrderView.of(order));
    }


    private static UUID parseOrderId(String text) {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw OrderProblem.malformedOrderId();
        }
        return UUID.fromString(text);
    }

    private static void requireJson(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (IllegalArgumentException e) {
            throw OrderProblem.unsupportedMediaType(contentType);
        }
        boolean json = type != null && type.getType().equals("application")
                && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
        if (!json) {
            throw OrderProblem.unsupportedMediaType(contentType);
        }
    }

    private static Optional<IdempotencyKey> idempotencyKey(HttpServletRequest request) {
        List<String> values = Collections.list(request.getHeaders(IdempotencyKey.HEADER));
        if (values.size() > 1) {
            throw OrderProblem.invalidIdempotencyKey();
        }
        return IdempotencyKey.fromHeader(values.isEmpty() ? null : values.get(0));
    }

    /** Reads at most the configured limit, whatever Content-Length says, so chunked bodies are bounded too. */
    private byte[] readBody(HttpServletRequest request) throws IOException {
        long limit = Math.min(properties.maxBodySize().toBytes(), Integer.MAX_VALUE - 16);
        if (request.getContentLengthLong() > limit) {
            throw OrderProblem.bodyTooLarge(limit);
        }
        InputStream in = request.getInputStream();
        byte[] body = in.readNBytes((int) limit + 1);
        if (body.length > limit) {
            throw OrderProblem.bodyTooLarge(limit);
        }
        return body;
    }
}

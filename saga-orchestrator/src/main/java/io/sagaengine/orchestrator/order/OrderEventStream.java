package io.sagaengine.orchestrator.order;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * {@code GET /orders/{orderId}/events}: the order's status as server-sent events, for clients and proxies where a
 * WebSocket is awkward. Each event is named {@value #EVENT}, its id is the order's version and its data the body of
 * {@code GET /orders/{orderId}} with {@code version}; the stream ends after the final status. Held without a thread
 * (servlet async), with a comment line every {@code orders.push.heartbeat}.
 */
@RestController
@RequestMapping("/orders")
@Tag(name = "Orders")
class OrderEventStream {

    static final String EVENT = "status";
    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final OrderSubscriptions subscriptions;

    OrderEventStream(OrderSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping("/{orderId}/events")
    @Operation(operationId = "streamOrderStatus", summary = "Follow an order's status as server-sent events",
            description = "A text/event-stream: first the order as it stands (unless Last-Event-ID is its current "
                    + "version), then one event per change, in order; it ends after the final status (COMPLETED or "
                    + "CANCELLED). Each event: `id:` the order's version, `event: " + EVENT + "`, `data:` the body of "
                    + "GET /orders/{orderId} with `version`. Comment lines every orders.push.heartbeat keep proxies "
                    + "from closing an idle stream. A stream that ends early (the instance stopped) is resumed by "
                    + "connecting again with Last-Event-ID, as browsers' EventSource does. The same status is also "
                    + "pushed over the WebSocket /orders/{orderId}/status. WebSockets and event streams share one cap "
                    + "per instance (orders.push.max-connections).")
    @Parameter(name = LAST_EVENT_ID, in = ParameterIn.HEADER,
            description = "The id of the last event received: only newer versions are sent",
            schema = @Schema(type = "integer", format = "int64"))
    @ApiResponse(responseCode = "200", description = "The stream of the order's statuses",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = VersionedOrderView.class,
                            description = "The data of each event named " + EVENT)))
    @ApiResponse(responseCode = "204", description = "Last-Event-ID is the order's final version: nothing will "
            + "follow (an EventSource stops reconnecting)", content = @Content)
    @ApiResponse(responseCode = "400", description = "The order id is not a UUID",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    @ApiResponse(responseCode = "404", description = "No order has this id",
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    @ApiResponse(responseCode = "503", description = "This instance holds as many WebSockets and event streams as it "
            + "may (title \"Too many subscribers\"), or is stopping (title \"Stopping\"); subscribe again after "
            + "Retry-After, or long-poll GET /orders/{orderId}",
            headers = @Header(name = HttpHeaders.RETRY_AFTER, description = "seconds", schema = @Schema(type = "integer")),
            content = @Content(mediaType = PROBLEM, schema = @Schema(implementation = OrderApiSchemas.Problem.class)))
    ResponseEntity<SseEmitter> events(
            @Parameter(description = "The order's id", schema = @Schema(type = "string", format = "uuid"))
            @PathVariable String orderId,
            @Parameter(hidden = true) @RequestHeader(value = LAST_EVENT_ID, required = false) String lastEventId) {
        UUID id = OrderIds.parse(orderId).orElseThrow(OrderProblem::malformedOrderId);
        // no timeout: the stream lasts until the final status, and heartbeats find clients that went away
        SseEmitter emitter = new SseEmitter(0L);
        OrderSubscriptions.Opening opening = subscriptions.subscribe(id, seen(lastEventId), new EmitterSubscriber(emitter));
        if (opening instanceof OrderSubscriptions.Opening.Open open) {
            emitter.onCompletion(open.subscription()::cancel);
            emitter.onError(error -> open.subscription().cancel());
            emitter.onTimeout(open.subscription()::cancel);
            return ResponseEntity.ok()
                    .header(HttpHeaders.CACHE_CONTROL, "no-cache")
                    // nginx buffers responses unless told not to
                    .header("X-Accel-Buffering", "no")
                    .body(emitter);
        } else if (opening instanceof OrderSubscriptions.Opening.SeenSettled) {
            return ResponseEntity.noContent().build();
        } else if (opening instanceof OrderSubscriptions.Opening.Full) {
            throw OrderProblem.tooManySubscribers();
        } else if (opening instanceof OrderSubscriptions.Opening.Stopping) {
            throw OrderProblem.stopping();
        }
        throw OrderProblem.orderNotFound();
    }

    /** A Last-Event-ID that is not a version this API gave is ignored: the stream starts with the current status. */
    private static OptionalLong seen(String lastEventId) {
        if (lastEventId == null || lastEventId.isBlank() || lastEventId.length() > 18
                || !lastEventId.strip().chars().allMatch(c -> c >= '0' && c <= '9')) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(lastEventId.strip()));
    }

    private static final class EmitterSubscriber implements OrderSubscriptions.Subscriber {
        /** The JSON is written already: as text, so that no JSON converter quotes it again. */
        private static final MediaType JSON_TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

        private final SseEmitter emitter;

        EmitterSubscriber(SseEmitter emitter) {
            this.emitter = emitter;
        }

        @Override
        public void send(OrderSubscriptions.Update update) throws IOException {
            emitter.send(SseEmitter.event().id(Long.toString(update.version())).name(EVENT)
                    .data(update.json(), JSON_TEXT));
        }

        @Override
        public void heartbeat() throws IOException {
            emitter.send(SseEmitter.event().comment("heartbeat"));
        }

        @Override
        public void ended(OrderSubscriptions.Ending ending) {
            // an EventSource reconnects by itself, with Last-Event-ID: after the final status it gets 204 and stops
            emitter.complete();
        }
    }
}

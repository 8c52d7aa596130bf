package io.sagaengine.orchestrator.order;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** A client of {@code GET /orders/{orderId}/events} that reads the stream line by line, as the SSE format says. */
final class EventStreamClient {

    record Event(String id, String name, String data) {
    }

    final HttpResponse<Stream<String>> response;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final AtomicInteger comments = new AtomicInteger();
    /** Completes when the server ends the stream (or the client closes it); with the body when it is not a stream. */
    final CompletableFuture<String> ended = new CompletableFuture<>();
    private String id;
    private String name;
    private String data;

    private EventStreamClient(HttpResponse<Stream<String>> response) {
        this.response = response;
    }

    static EventStreamClient open(HttpClient http, URI uri, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        EventStreamClient client = new EventStreamClient(http.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
        Thread reader = new Thread(client::read, "event-stream-client");
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    int status() {
        return response.statusCode();
    }

    void close() {
        response.body().close();
    }

    private void read() {
        try (Stream<String> lines = response.body()) {
            if (response.statusCode() != 200) {
                ended.complete(lines.collect(Collectors.joining("\n")));
                return;
            }
            lines.forEach(this::line);
            ended.complete("");
        } catch (RuntimeException e) {
            ended.complete("closed: " + e);
        }
    }

    private void line(String line) {
        if (line.isEmpty()) {
            if (data != null) {
                events.add(new Event(id, name, data));
            }
            id = null;
            name = null;
            data = null;
            return;
        }
        if (line.startsWith(":")) {
            comments.incrementAndGet();
            return;
        }
        int colon = line.indexOf(':');
        String field = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "id" -> id = value;
            case "event" -> name = value;
            case "data" -> data = data == null ? value : data + "\n" + value;
            default -> {
            }
        }
    }
}

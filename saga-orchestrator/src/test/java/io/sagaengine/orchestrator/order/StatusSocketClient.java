package io.sagaengine.orchestrator.order;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** An app's side of the WebSocket {@code /orders/{orderId}/status}, on the JDK's client: what it received, how it closed. */
final class StatusSocketClient implements WebSocket.Listener {

    /** The close frame's code and reason; 1006 (abnormal) when the connection broke without one. */
    record Closed(int code, String reason) {
    }

    static final int ABNORMAL = 1006;

    final List<String> messages = new CopyOnWriteArrayList<>();
    final CompletableFuture<Closed> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static StatusSocketClient connect(HttpClient http, URI uri) throws Exception {
        StatusSocketClient client = new StatusSocketClient();
        client.socket = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5)).buildAsync(uri, client)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            messages.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Closed(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(new Closed(ABNORMAL, String.valueOf(error)));
    }

    /** Sends a text message, as a client that talks on a socket meant for listening. */
    void send(String text) throws Exception {
        socket.sendText(text, true).get(10, TimeUnit.SECONDS);
    }

    /** Goes away without a close handshake, as an app that is killed. */
    void abort() {
        socket.abort();
    }
}

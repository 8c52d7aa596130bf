package io.sagaengine.bench;

import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Apps that follow their orders' status: each subscriber opens a WebSocket ({@code /orders/{id}/status}) or an event
 * stream ({@code GET /orders/{id}/events}) and keeps every update it receives until the server ends it after the
 * final status. All of them share one {@link HttpClient} with two threads (the JDK's client is asynchronous), so
 * thousands of subscribers need no thread each. Push latency is the time from the order's {@code updatedAt} (when
 * the change was written) to the update's arrival, for every update after a subscriber's first (its first is the
 * status as it stood when it connected).
 */
final class PushSubscribers implements AutoCloseable {

    enum Transport {
        WS, SSE;

        static Transport parse(String text) {
            return switch (text.toLowerCase(java.util.Locale.ROOT)) {
                case "ws", "websocket" -> WS;
                case "sse" -> SSE;
                default -> throw new IllegalArgumentException("--transport is ws or sse, not " + text);
            };
        }
    }

    /** How a subscriber ended. */
    enum Ending {
        /** The server ended it after the final status: WebSocket close 1000, or the end of the event stream. */
        NORMAL,
        /** Over the server's cap: WebSocket close 1013, or 503 on the event stream. */
        REFUSED,
        /** Anything else: another close code or status, a failed connection. */
        FAILED
    }

    /** One subscriber of one order and what it received. */
    final class Subscriber {
        final String orderId;
        final long openedNanos = System.nanoTime();
        private final List<PushCheck.Update> updates = new ArrayList<>();
        private volatile boolean connected;
        private volatile Ending ending;
        private volatile String failure;
        private volatile long endedNanos;

        Subscriber(String orderId) {
            this.orderId = orderId;
        }

        synchronized List<PushCheck.Update> updates() {
            return List.copyOf(updates);
        }

        Ending ending() {
            return ending;
        }

        String failure() {
            return failure;
        }

        void connected() {
            if (!connected) {
                connected = true;
                int now = PushSubscribers.this.connected.incrementAndGet();
                maxConnected.accumulateAndGet(now, Math::max);
            }
        }

        /** A whole update arrived on either transport; one that cannot be read ends the subscriber as failed. */
        void arrived(String json) {
            try {
                received(json);
            } catch (RuntimeException e) {
                ended(Ending.FAILED, "unreadable update: " + e);
            }
        }

        private void received(String json) {
            long receivedNanos = System.nanoTime();
            Instant receivedAt = Instant.now();
            JsonNode update = SystemHttp.JSON.readTree(json);
            long version = update.path("version").asLong(-1);
            String status = update.path("status").asString("");
            boolean first;
            synchronized (this) {
                first = updates.isEmpty();
                updates.add(new PushCheck.Update(version, status));
            }
            received.incrementAndGet();
            if (inWindow(receivedNanos)) {
                receivedInWindow.incrementAndGet();
            }
            String updatedAt = update.path("updatedAt").asString(null);
            if (!first && updatedAt != null) {
                long micros = Math.max(0, ChronoUnit.MICROS.between(Instant.parse(updatedAt), receivedAt));
                Histogram into = receivedNanos < windowEnd ? latency : latencyAfterWindow;
                synchronized (into) {
                    into.recordValue(Math.min(micros, into.getHighestTrackableValue()));
                }
            }
        }

        synchronized void ended(Ending how, String detail) {
            if (ending != null) {
                return;
            }
            ending = how;
            failure = how == Ending.NORMAL ? null : detail;
            endedNanos = System.nanoTime();
            if (connected) {
                PushSubscribers.this.connected.decrementAndGet();
                lifetimeMicros.addAndGet((endedNanos - openedNanos) / 1000);
                lifetimes.incrementAndGet();
            }
            open.decrementAndGet();
        }
    }

    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "bench-push");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(executor)
            .build();
    private final String ordersUrl;
    private final Transport transport;
    private final ConcurrentLinkedQueue<Subscriber> all = new ConcurrentLinkedQueue<>();
    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger maxConnected = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong receivedInWindow = new AtomicLong();
    private final AtomicLong lifetimeMicros = new AtomicLong();
    private final AtomicLong lifetimes = new AtomicLong();
    private final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private final Histogram latencyAfterWindow = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
    private volatile long windowStart = Long.MAX_VALUE;
    private volatile long windowEnd = Long.MAX_VALUE;

    PushSubscribers(String ordersUrl, Transport transport) {
        this.ordersUrl = ordersUrl;
        this.transport = transport;
    }

    /** Opens one subscriber of the order; it ends by itself after the final status. */
    Subscriber subscribe(String orderId) {
        Subscriber subscriber = new Subscriber(orderId);
        all.add(subscriber);
        open.incrementAndGet();
        if (transport == Transport.WS) {
            openSocket(subscriber);
        } else {
            openStream(subscriber);
        }
        return subscriber;
    }

    private void openSocket(Subscriber subscriber) {
        URI uri = URI.create(ordersUrl.replaceFirst("^http", "ws") + "/orders/" + subscriber.orderId + "/status");
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public void onOpen(WebSocket socket) {
                subscriber.connected();
                socket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String json = text.toString();
                    text.setLength(0);
                    subscriber.arrived(json);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                Ending how = code == 1000 ? Ending.NORMAL : code == 1013 ? Ending.REFUSED : Ending.FAILED;
                subscriber.ended(how, "closed " + code + " " + reason);
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                subscriber.ended(Ending.FAILED, "WebSocket error: " + error);
            }
        }).whenComplete((socket, failure) -> {
            if (failure != null) {
                subscriber.ended(Ending.FAILED, "WebSocket not opened: " + failure);
            }
        });
    }

    private void openStream(Subscriber subscriber) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ordersUrl + "/orders/" + subscriber.orderId
                        + "/events"))
                .header("Accept", "text/event-stream").GET().build();
        EventLines lines = new EventLines(subscriber);
        HttpResponse.BodyHandler<String> body = info -> info.statusCode() == 200
                ? HttpResponse.BodySubscribers.<EventLines, String>fromLineSubscriber(lines, l -> "",
                        StandardCharsets.UTF_8, null)
                : HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8);
        http.sendAsync(request, body)
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        subscriber.ended(Ending.FAILED, "event stream failed: " + failure);
                    } else if (response.statusCode() == 200) {
                        subscriber.ended(Ending.NORMAL, null);
                    } else {
                        subscriber.ended(response.statusCode() == 503 ? Ending.REFUSED : Ending.FAILED,
                                "event stream answered " + response.statusCode());
                    }
                });
    }

    /** An event stream's lines: {@code data:} lines gather until the blank line that ends an event. */
    private static final class EventLines implements Flow.Subscriber<String> {
        private final Subscriber subscriber;
        private final StringBuilder data = new StringBuilder();

        EventLines(Subscriber subscriber) {
            this.subscriber = subscriber;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscriber.connected();
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (!data.isEmpty()) {
                    String json = data.toString();
                    data.setLength(0);
                    subscriber.arrived(json);
                }
            } else if (line.startsWith("data:")) {
                if (!data.isEmpty()) {
                    data.append('\n');
                }
                data.append(line.startsWith("data: ") ? line.substring(6) : line.substring(5));
            }
            // id:, event:, retry: and comment lines (heartbeats) carry nothing to check: the version is in the data
        }

        @Override
        public void onError(Throwable error) {
            subscriber.ended(Ending.FAILED, "event stream broke: " + error);
        }

        @Override
        public void onComplete() {
            // the response's completion ends the subscriber
        }
    }

    /** Counts updates received from {@code start} to {@code end} (System.nanoTime) as the measured window's. */
    void window(long start, long end) {
        this.windowStart = start;
        this.windowEnd = end;
    }

    private boolean inWindow(long nanos) {
        return nanos >= windowStart && nanos < windowEnd;
    }

    int connected() {
        return connected.get();
    }

    int maxConnected() {
        return maxConnected.get();
    }

    /** Subscribers opened and not yet ended (connecting or connected). */
    int open() {
        return open.get();
    }

    long received() {
        return received.get();
    }

    long receivedInWindow() {
        return receivedInWindow.get();
    }

    /** How long the subscribers that have ended were connected, on average; NaN before the first ended. */
    double meanLifetimeSeconds() {
        long n = lifetimes.get();
        return n == 0 ? Double.NaN : lifetimeMicros.get() / 1e6 / n;
    }

    /** Push latencies of the updates received up to the end of the measured window. */
    Histogram latency() {
        synchronized (latency) {
            return latency.copy();
        }
    }

    /** Push latencies of the updates received after the measured window (held orders let go, the drain). */
    Histogram latencyAfterWindow() {
        synchronized (latencyAfterWindow) {
            return latencyAfterWindow.copy();
        }
    }

    List<Subscriber> subscribers() {
        return List.copyOf(all);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

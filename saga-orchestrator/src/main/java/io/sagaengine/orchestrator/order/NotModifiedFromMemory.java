package io.sagaengine.orchestrator.order;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

/**
 * The apps' most frequent requests, answered first thing: {@code GET /orders/{id}} with an {@code If-None-Match} that
 * names the version this instance knows is current. Without a wait it is a {@code 304} written here; with
 * {@code Prefer: wait=N} it waits here (servlet async, no thread held) and, when nothing changed, ends with that
 * {@code 304}. Both are written before the security chain, the request metrics and the dispatcher, with the headers
 * {@link OrderController} would give them. Anything else (another version, an order not known here, a malformed id,
 * a change while waiting, no room for another long poll) goes on to the controller, which answers as before and
 * reads the database where it must. These answers are counted in {@code orders.status.reads{source=memory}}, not in
 * {@code http.server.requests}.
 */
final class NotModifiedFromMemory extends OncePerRequestFilter {

    private static final String PREFIX = "/orders/";
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** Beyond the wait, how long the container holds a long poll in case the waiter's own deadline never fires. */
    private static final Duration GRACE = Duration.ofSeconds(5);

    private final OrderVersions versions;
    private final OrderWaiters waiters;
    private final Duration maxWait;

    NotModifiedFromMemory(OrderVersions versions, OrderWaiters waiters, Duration maxWait) {
        this.versions = versions;
        this.waiters = waiters;
        this.maxWait = maxWait;
    }

    /** The request attribute that hands a long poll's outcome to {@link OrderController}: a {@link Waited}. */
    static final String WAITED = NotModifiedFromMemory.class.getName() + ".waited";

    /** How a long poll that waited here ended, for the controller to answer. */
    record Waited(OrderWaiters.Outcome outcome, long version, Duration waitFor) {
    }

    /** What the request asks: the order, the version it has seen, and how long it would wait for a change. */
    private record Seen(UUID orderId, long version, Duration waitFor) {
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Seen seen = currentVersionSeen(request);
        if (seen == null || (!seen.waitFor().isZero() && (!request.isAsyncSupported() || !waiters.hasRoom()))) {
            chain.doFilter(request, response);
        } else if (seen.waitFor().isZero()) {
            notModified(response, seen, false);
        } else {
            awaitChange(request, response, seen);
        }
    }

    private void awaitChange(HttpServletRequest request, HttpServletResponse response, Seen seen) {
        AsyncContext async = request.startAsync();
        async.setTimeout(seen.waitFor().plus(GRACE).toMillis());
        AtomicBoolean answered = new AtomicBoolean();
        CompletableFuture<OrderWaiters.Outcome> change;
        try {
            change = waiters.awaitChange(seen.orderId(), seen.version(), seen.waitFor());
        } catch (RuntimeException full) {
            answered.set(true);
            async.dispatch(); // the controller answers it as a problem
            return;
        }
        async.addListener(new AsyncListener() {
            @Override
            public void onTimeout(AsyncEvent event) throws IOException {
                if (answered.compareAndSet(false, true)) {
                    notModified(response, seen, true);
                    async.complete();
                }
            }

            @Override
            public void onComplete(AsyncEvent event) {
                change.cancel(false);
            }

            @Override
            public void onError(AsyncEvent event) {
                change.cancel(false);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        change.whenComplete((outcome, error) -> {
            if (!answered.compareAndSet(false, true)) {
                return;
            }
            if (error == null && (outcome instanceof OrderWaiters.Outcome.Unchanged
                    || outcome instanceof OrderWaiters.Outcome.Latest latest && latest.order().version() == seen.version())) {
                notModified(response, seen, true);
                async.complete();
            } else {
                // a change, a vanished order: the controller answers what the waiter read; after a failure it reads
                if (error == null) {
                    request.setAttribute(WAITED, new Waited(outcome, seen.version(), seen.waitFor()));
                }
                async.dispatch();
            }
        });
    }

    private void notModified(HttpServletResponse response, Seen seen, boolean waited) {
        versions.answeredFromMemory();
        response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
        Revalidation.headers(seen.version(), waited ? seen.waitFor() : null)
                .forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        // what the security chain adds to every answer
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-XSS-Protection", "0");
    }

    /** The order and version the request names when that is the current version here; null otherwise. */
    private Seen currentVersionSeen(HttpServletRequest request) {
        List<String> ifNoneMatch = Collections.list(request.getHeaders(HttpHeaders.IF_NONE_MATCH));
        if (ifNoneMatch.isEmpty() || !"GET".equals(request.getMethod()) || request.getQueryString() != null) {
            return null;
        }
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        String id = path.substring(PREFIX.length());
        if (!CANONICAL_UUID.matcher(id).matches()) {
            return null;
        }
        List<String> prefer = Collections.list(request.getHeaders(Revalidation.PREFER));
        Duration wait = prefer.isEmpty() ? Duration.ZERO
                : Revalidation.waitPreference(prefer, maxWait).orElse(Duration.ZERO);
        UUID orderId = UUID.fromString(id);
        OptionalLong known = versions.current(orderId);
        if (known.isEmpty() || !Revalidation.matches(ifNoneMatch, known.getAsLong())) {
            return null;
        }
        return new Seen(orderId, known.getAsLong(), wait);
    }
}

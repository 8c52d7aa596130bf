package io.sagaengine.bench;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/run saga --status-reads [N]}: what an app's status read costs the orchestrator when nothing changed.
 * Places {@code --status-orders} (20) orders and follows them to their end, then
 * <ul>
 *   <li>{@code 304}: N (20,000) conditional GETs with the current ETag, from {@code --status-concurrency} (8) clients
 *       at once, each answered {@code 304 Not Modified};</li>
 *   <li>{@code long-poll}: {@code --status-polls} (400) long polls at once ({@code Prefer: wait=1}) on orders that do
 *       not change, each ending with {@code 304} after its second.</li>
 * </ul>
 * Each is measured as the orchestrator's CPU and its connection-pool borrows in the window, less those of an idle
 * window of the same length right after (the pollers and gauges that run anyway), per request.
 */
final class StatusReadBench {

    private static final Pattern BORROWS =
            Pattern.compile("(?m)^hikaricp_connections_usage_seconds_count\\{[^}]*} ([0-9.eE+]+)$");

    private final Map<String, String> options;
    private final SystemHttp http;
    private final ProcessCpu cpu;
    private final long orchestratorPid;
    private final Consumer<String> progress;
    private final String runId;

    StatusReadBench(Map<String, String> options, SystemHttp http, ProcessCpu cpu, long orchestratorPid, String runId,
                    Consumer<String> progress) {
        this.options = options;
        this.http = http;
        this.cpu = cpu;
        this.orchestratorPid = orchestratorPid;
        this.runId = runId;
        this.progress = progress;
    }

    /** What one kind of read cost: the window's figures less the idle window's. */
    private record Window(long nanos, long cpuTicks, double borrows) {
    }

    void run() throws Exception {
        List<String[]> orders = finishedOrders(intOption("status-orders", 20)); // {orderId, etag}
        int requests = intOption("status-reads", 20_000);
        int concurrency = intOption("status-concurrency", 8);
        progress.accept("status reads: warming up with " + requests / 2 + " conditional GETs");
        conditionalGets(orders, requests / 2, concurrency);

        Window busy = measure(() -> conditionalGets(orders, requests, concurrency));
        Window idle = idle(busy.nanos());
        report("304", requests, busy, idle, String.format(Locale.ROOT, "concurrency=%d per_s=%.0f", concurrency,
                requests / (busy.nanos() / 1e9)));

        int polls = intOption("status-polls", 400);
        progress.accept("status reads: warming up with " + polls + " long polls at once, twice");
        longPolls(orders, polls);
        longPolls(orders, polls);
        Window waiting = measure(() -> longPolls(orders, polls));
        Window quiet = idle(waiting.nanos());
        report("long-poll", polls, waiting, quiet, "wait_s=1 at_once=" + polls);
    }

    private void report(String kind, int requests, Window busy, Window idle, String extra) {
        double cpuMicros = Math.max(0, busy.cpuTicks() - idle.cpuTicks()) * 1e6 / ProcessCpu.ticksPerSecond() / requests;
        double borrows = Math.max(0, busy.borrows() - idle.borrows()) / requests;
        progress.accept(String.format(Locale.ROOT, "status reads (%s): %d requests in %.1f s, orchestrator CPU %.2f s "
                        + "(idle window of the same length: %.2f s), pool borrows %.0f (idle: %.0f)", kind, requests,
                busy.nanos() / 1e9, busy.cpuTicks() / (double) ProcessCpu.ticksPerSecond(),
                idle.cpuTicks() / (double) ProcessCpu.ticksPerSecond(), busy.borrows(), idle.borrows()));
        System.out.printf(Locale.ROOT, "RESULT status-reads kind=%s requests=%d cpu_us_per_request=%.1f "
                + "pool_borrows_per_request=%.4f %s%n", kind, requests, cpuMicros, borrows, extra);
    }

    private interface Work {
        void run() throws Exception;
    }

    private Window measure(Work work) throws Exception {
        double borrowsBefore = borrows();
        long ticksBefore = ticks();
        long start = System.nanoTime();
        work.run();
        long nanos = System.nanoTime() - start;
        long ticksAfter = ticks();
        return new Window(nanos, ticksAfter - ticksBefore, borrows() - borrowsBefore);
    }

    private Window idle(long nanos) throws Exception {
        return measure(() -> {
            long until = System.nanoTime() + nanos;
            while (System.nanoTime() - until < 0) {
                TimeUnit.NANOSECONDS.sleep(Math.min(until - System.nanoTime(), TimeUnit.MILLISECONDS.toNanos(100)));
            }
        });
    }

    private long ticks() {
        return cpu.treeTicks(orchestratorPid).orElseThrow(() ->
                new IllegalStateException("the orchestrator (pid " + orchestratorPid + ") is gone"));
    }

    private double borrows() throws Exception {
        String metrics = http.operatorText(http.urls().orders(), "/actuator/prometheus", Duration.ofSeconds(30))
                .get(30, TimeUnit.SECONDS);
        Matcher matcher = BORROWS.matcher(metrics);
        double sum = 0;
        while (matcher.find()) {
            sum += Double.parseDouble(matcher.group(1));
        }
        return sum;
    }

    private void conditionalGets(List<String[]> orders, int requests, int concurrency) throws Exception {
        AtomicInteger next = new AtomicInteger();
        List<CompletableFuture<Void>> clients = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            clients.add(CompletableFuture.runAsync(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    String[] order = orders.get(i % orders.size());
                    expectNotModified(http.getOrder(order[0], order[1], 0).join());
                }
            }));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    }

    private void longPolls(List<String[]> orders, int polls) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> waiting = new ArrayList<>();
        for (int i = 0; i < polls; i++) {
            String[] order = orders.get(i % orders.size());
            waiting.add(http.getOrder(order[0], order[1], 1));
        }
        for (CompletableFuture<HttpResponse<String>> poll : waiting) {
            expectNotModified(poll.get(2, TimeUnit.MINUTES));
        }
    }

    private static void expectNotModified(HttpResponse<String> response) {
        if (response.statusCode() != 304) {
            throw new IllegalStateException("expected 304 for an order that did not change, got "
                    + response.statusCode() + ": " + response.body());
        }
    }

    /** Places the orders and follows each to its final status; returns each order's id and final ETag. */
    private List<String[]> finishedOrders(int count) throws Exception {
        Fixtures fixtures = new Fixtures("s" + runId, options.getOrDefault("country", "DE"),
                options.getOrDefault("noship-country", "JP"));
        fixtures.seed(http);
        List<String[]> finished = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> placed = http.placeOrder(fixtures.plan(i, OrderKind.HAPPY).body()).get(30, TimeUnit.SECONDS);
            if (placed.statusCode() != 202) {
                throw new IllegalStateException("POST /orders answered " + placed.statusCode() + ": " + placed.body());
            }
            String orderId = SystemHttp.JSON.readTree(placed.body()).path("orderId").asString();
            String etag = placed.headers().firstValue("ETag").orElse(null);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                HttpResponse<String> read = http.getOrder(orderId, etag, 20).get(60, TimeUnit.SECONDS);
                if (read.statusCode() == 200) {
                    etag = read.headers().firstValue("ETag").orElseThrow();
                    String status = SystemHttp.JSON.readTree(read.body()).path("status").asString();
                    if (status.equals("COMPLETED") || status.equals("CANCELLED")) {
                        break;
                    }
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("order " + orderId + " did not finish within 60 s");
                }
            }
            finished.add(new String[] {orderId, etag});
        }
        progress.accept("status reads: " + count + " orders placed and finished");
        return finished;
    }

    private int intOption(String name, int fallback) {
        String value = options.get(name);
        return value == null || value.equals("true") ? fallback : Integer.parseInt(value);
    }
}

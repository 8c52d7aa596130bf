package io.sagaengine.localstack;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Places a mixed batch of orders and prints how each ended and how long it took. */
final class Demo {

    private static final Pattern FIELD = Pattern.compile("\"(orderId|status|reason|trackingNumber)\"\\s*:\\s*(null|\"([^\"]*)\")");

    private record Case(String label, String customer, String sku, int quantity, String country) {
    }

    private static final List<Case> CASES = List.of(
            new Case("completes", "demo-alice", "SKU-1", 1, "DE"),
            new Case("completes", "demo-carol", "SKU-2", 2, "FR"),
            new Case("payment declined", "demo-big-spender", "SKU-1", 5000, "DE"),
            new Case("out of stock", "demo-dave", "SKU-404", 1, "DE"),
            new Case("not shippable", "demo-erin", "SKU-1", 1, "JP"),
            new Case("completes", "demo-frank", "SKU-3", 3, "NL"));

    private Demo() {
    }

    static void run(String baseUrl, PrintStream out) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        record Placed(Case c, String orderId, long startNanos) {
        }
        List<Placed> placed = new ArrayList<>();
        for (Case c : CASES) {
            String body = """
                    {"customerId":"%s","currency":"EUR","items":[{"sku":"%s","quantity":%d,"unitPrice":"10.00"}],\
                    "shippingAddress":{"name":"Demo","line1":"Street 1","city":"City","postalCode":"12345","country":"%s"}}"""
                    .formatted(c.customer(), c.sku(), c.quantity(), c.country());
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/orders"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 202) {
                out.println("[demo] " + c.label() + ": HTTP " + response.statusCode() + " " + response.body());
                continue;
            }
            placed.add(new Placed(c, field(response.body(), "orderId"), start));
        }
        out.printf("%n%-18s %-38s %-10s %-22s %-14s %s%n", "case", "order", "status", "reason", "tracking", "took");
        for (Placed p : placed) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            HttpResponse<String> current = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/orders/" + p.orderId()))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            String body = current.body();
            String status = field(body, "status");
            while ("PENDING".equals(status) && System.nanoTime() < deadline) {
                // long poll: answered as soon as the order changes, or 304 after the wait
                String etag = current.headers().firstValue("ETag").orElse("");
                HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/orders/" + p.orderId()))
                        .header("If-None-Match", etag).header("Prefer", "wait=10").GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (next.statusCode() == 200) {
                    current = next;
                    body = next.body();
                    status = field(body, "status");
                }
            }
            out.printf("%-18s %-38s %-10s %-22s %-14s %d ms%n", p.c().label(), p.orderId(), status,
                    nullToDash(field(body, "reason")), nullToDash(field(body, "trackingNumber")),
                    (System.nanoTime() - p.startNanos()) / 1_000_000);
        }
    }

    private static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(3);
            }
        }
        return null;
    }

    private static String nullToDash(String value) {
        return value == null ? "-" : value;
    }
}

package io.sagaengine.orchestrator.operability;

import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.orchestrator.OrchestratorApplication;
import io.sagaengine.orchestrator.operability.Orchestrator.Placed;
import io.sagaengine.orchestrator.operability.Orchestrator.User;
import io.sagaengine.orchestrator.operability.Participants.Command;
import io.sagaengine.testsupport.browser.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The support console in a real headless Chromium, on the real PostgreSQL and Kafka with the relay on; the test
 * plays the participants. A saga needs attention when its refund is never answered.
 */
@SpringBootTest(classes = OrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "saga.engine.consumer-group=orchestrator-console-it",
                "saga.order.step-deadline=1h"})
class SupportConsoleIT extends OrchestratorWithPlayedParticipants {

    /** Where the test leaves its screenshot of a saga page (the README shows one). */
    static final Path SCREENSHOT = Path.of("target", "console", "console-saga.png");

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        useRealServers(registry, "orchestrator_console_it");
    }

    Browser browser;

    @BeforeEach
    void openBrowser() throws Exception {
        browser = Browser.open(port);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        browser.close();
    }

    @Test
    void supportFindsAParkedSagaAndReadsItsTimelineButGetsNoActionsAndCannotForgeOne() throws Exception {
        Placed placed = needingAttention();
        browser.signIn(User.SUPPORT.name, User.SUPPORT.password);

        browser.go("/console/#/sagas?status=NEEDS_ATTENTION&q=" + placed.orderId());
        browser.waitFor(By.cssSelector("tr[data-saga-id='" + placed.sagaId() + "'] a.saga-link")).click();
        browser.waitFor(By.cssSelector("#timeline li.entry"));
        assertThat(browser.text(By.id("saga-status"))).isEqualTo("NEEDS_ATTENTION");
        List<String> sent = browser.all(By.cssSelector("#timeline li[data-kind='COMMAND_SENT']")).stream()
                .map(WebElement::getText).toList();
        assertThat(sent).anySatisfy(t -> assertThat(t).contains("Sent ChargePayment"))
                .anySatisfy(t -> assertThat(t).contains("Sent RefundPayment").contains("COMPENSATION"));
        assertThat(browser.all(By.cssSelector("#timeline li.failure"))).as("the failure and the spent budget are "
                + "marked").hasSizeGreaterThanOrEqualTo(2);
        assertThat(browser.all(By.id("saga-actions"))).as("support staff get no action buttons").isEmpty();

        long version = orchestrator.saga(placed.sagaId()).get("version").asLong();
        String csrf = (String) browser.driver().executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/console/session').then(r => r.json()).then(s => done(s.csrfToken));""");
        String resume = "/admin/sagas/" + placed.sagaId() + "/resume";
        Map<String, String> json = Map.of("Content-Type", "application/json", "If-Match", "\"" + version + "\"");
        String body = "{\"reason\":\"forged\"}";
        assertThat(browser.fetchStatus("POST", resume, json, body)).as("no CSRF token").isEqualTo(403);
        assertThat(browser.fetchStatus("POST", resume, withCsrf(json, csrf), body)).as("SUPPORT may not act")
                .isEqualTo(403);
        assertThat(orchestrator.saga(placed.sagaId()).get("version").asLong()).isEqualTo(version);
    }

    @Test
    void anOperatorResumesWithAReasonAndSeesTheActionInTheTimeline() throws Exception {
        Placed placed = needingAttention();
        browser.signIn(User.OPERATOR.name, User.OPERATOR.password);
        browser.go("/console/#/saga/" + placed.sagaId());
        browser.waitFor(By.cssSelector("#saga-actions button[data-action='resume']")).click();
        browser.waitFor(By.id("action-reason")).sendKeys("refund provider is back, OPS-51");
        browser.driver().findElement(By.id("action-confirm")).click();

        browser.waitFor(By.id("saga-notice"));
        WebElement action = browser.waitFor(By.cssSelector("#timeline li.operator"));
        assertThat(action.getText()).contains("Operator action", User.OPERATOR.name, "OPERATOR_RESUME",
                "refund provider is back, OPS-51");
        List<JsonNode> recorded = timeline(orchestrator.saga(placed.sagaId()), "OPERATOR_ACTION", null);
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).get("actor").asString()).isEqualTo(User.OPERATOR.name);
        assertThat(recorded.get(0).get("reason").asString()).isEqualTo("refund provider is back, OPS-51");
        browser.screenshot(SCREENSHOT);
    }

    @Test
    void anOperatorPausesASagaFromTheConsoleFindsItAmongThePausedAndUnpausesIt() throws Exception {
        Placed placed = orchestrator.placeOrder();
        UUID saga = placed.sagaId();
        Command charge = participants.awaitCommand(saga, ChargePayment.class, 1);
        browser.signIn(User.OPERATOR.name, User.OPERATOR.password);
        browser.go("/console/#/saga/" + saga);
        assertThat(browser.waitFor(By.id("saga-definition-version")).getText()).isEqualTo("1");
        assertThat(browser.all(By.id("saga-paused"))).isEmpty();
        assertThat(browser.all(By.cssSelector("#saga-actions button[data-action='unpause']"))).isEmpty();

        browser.waitFor(By.cssSelector("#saga-actions button[data-action='pause']")).click();
        browser.waitFor(By.id("action-reason")).sendKeys("customer disputes the address, OPS-77");
        browser.driver().findElement(By.id("action-confirm")).click();
        browser.waitFor(By.id("saga-notice"));
        assertThat(browser.waitFor(By.id("saga-paused")).getText()).isEqualTo("Paused");
        assertThat(browser.all(By.cssSelector("#saga-actions button"))).as("only unpause applies while paused")
                .extracting(b -> b.getAttribute("data-action")).containsExactly("unpause");
        assertThat(orchestrator.saga(saga).get("pausedAt").isNull()).isFalse();

        browser.go("/console/#/sagas?paused=true&q=" + placed.orderId());
        browser.waitFor(By.cssSelector("tr[data-saga-id='" + saga + "'] .badge.paused"));
        assertThat(browser.driver().findElement(By.cssSelector("#saga-filter select[name='paused']"))
                .getAttribute("value")).isEqualTo("true");

        participants.reply(charge, Participants.success(charge.message()));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                !timeline(orchestrator.saga(saga), "REPLY_HELD", "PaymentCharged").isEmpty());

        browser.go("/console/#/saga/" + saga);
        browser.waitFor(By.cssSelector("#saga-actions button[data-action='unpause']")).click();
        browser.waitFor(By.id("action-reason")).sendKeys("address confirmed by phone");
        browser.driver().findElement(By.id("action-confirm")).click();
        browser.waitFor(By.id("saga-notice"));
        assertThat(browser.all(By.id("saga-paused"))).isEmpty();
        assertThat(browser.text(By.id("saga-state"))).as("the kept reply was applied").isEqualTo("inventory");
        participants.awaitCommand(saga, ReserveInventory.class, 1);
        assertThat(timeline(orchestrator.saga(saga), "OPERATOR_ACTION", null))
                .extracting(e -> e.get("event").asString() + " by " + e.get("actor").asString())
                .containsExactly("OPERATOR_PAUSE by " + User.OPERATOR.name, "OPERATOR_UNPAUSE by " + User.OPERATOR.name);
    }

    @Test
    void aStaleVersionShowsTheConflictAndTheFreshSagaInsteadOfActing() throws Exception {
        Placed placed = needingAttention();
        browser.signIn(User.OPERATOR.name, User.OPERATOR.password);
        browser.go("/console/#/saga/" + placed.sagaId());
        String shown = browser.waitFor(By.id("saga-version")).getText();
        browser.waitFor(By.cssSelector("#saga-actions button[data-action='retry']")).click();
        browser.waitFor(By.id("action-reason")).sendKeys("retry from a stale page");

        // while the operator is still typing, someone else acts; the live page redraws behind the open dialog
        HttpResponse<String> meanwhile = orchestrator.act(User.OPERATOR, placed.sagaId(), "retry", shown,
                "someone else was faster");
        assertThat(meanwhile.statusCode()).as(meanwhile.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).ignoreException(StaleElementReferenceException.class)
                .until(() -> !browser.text(By.id("saga-version")).equals(shown));
        assertThat(browser.driver().findElement(By.id("action-dialog")).getAttribute("open"))
                .as("the redraw keeps the operator's dialog open").isNotNull();
        browser.driver().findElement(By.id("action-confirm")).click();

        WebElement conflict = browser.waitFor(By.id("saga-conflict"));
        assertThat(conflict.getText()).contains("changed since you loaded it", "version " + shown);
        assertThat(browser.text(By.id("saga-version"))).as("the fresh saga is shown").isNotEqualTo(shown);
        List<JsonNode> actions = timeline(orchestrator.saga(placed.sagaId()), "OPERATOR_ACTION", null);
        assertThat(actions).extracting(a -> a.get("reason").asString()).containsExactly("someone else was faster");
    }

    @Test
    void aRequestCarryingTheSessionCookieFromAnotherSiteIsRefusedWithoutTheCsrfToken() throws Exception {
        Placed placed = needingAttention();
        browser.signIn(User.OPERATOR.name, User.OPERATOR.password);
        String session = browser.cookie("JSESSIONID");
        assertThat(session).isNotNull();
        long version = orchestrator.saga(placed.sagaId()).get("version").asLong();

        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/admin/sagas/" + placed.sagaId() + "/resume"))
                .header("Cookie", "JSESSIONID=" + session)
                .header("Origin", "http://elsewhere.example")
                .header("Content-Type", "application/json")
                .header("If-Match", "\"" + version + "\"")
                .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"forged\"}"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        Orchestrator.problem(forged, 403);
        assertThat(forged.body()).contains("CSRF");
        assertThat(orchestrator.saga(placed.sagaId()).get("version").asLong()).isEqualTo(version);

        HttpResponse<String> console = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/console/")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(console.statusCode()).as("no session: to the login page").isEqualTo(302);
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/console/login")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
                assertThat(csp).contains("script-src 'self'", "style-src 'self'").doesNotContain("unsafe-inline"));
    }

    @Test
    void formSignInIsThrottledBeforeThePasswordCheckAndItsSessionCookieIsSecure() throws Exception {
        String intruder = "intruder-" + System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(formSignIn(intruder, "guess-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> locked = formSignIn(intruder, "guess-5");
        Orchestrator.problem(locked, 429);
        assertThat(locked.headers().firstValue("Retry-After")).hasValue("300");

        HttpResponse<String> signedIn = formSignIn(User.SUPPORT.name, User.SUPPORT.password);
        assertThat(signedIn.statusCode()).isEqualTo(204);
        assertThat(signedIn.headers().firstValue("Set-Cookie")).hasValueSatisfying(cookie -> assertThat(cookie)
                .startsWith("JSESSIONID=").contains("; Secure", "; HttpOnly", "; SameSite=Strict"));
    }

    private HttpResponse<String> formSignIn(String user, String password) throws Exception {
        String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/console/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> withCsrf(Map<String, String> headers, String token) {
        var all = new java.util.HashMap<>(headers);
        all.put("X-CSRF-TOKEN", token);
        return all;
    }


}

package io.sagaengine.operations.console;

import io.sagaengine.engine.OperatorResult;
import io.sagaengine.engine.SagaDefinition;
import io.sagaengine.engine.SagaEngine;
import io.sagaengine.engine.SagaMessaging;
import io.sagaengine.engine.SagaOperations;
import io.sagaengine.engine.UnreadableReplyException;
import io.sagaengine.testsupport.RealServers;
import io.sagaengine.testsupport.browser.Browser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionOperations;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's saga page in a real headless Chromium follows its saga live: a saga that moves after the page
 * opened (an operator elsewhere pauses, unpauses and compensates it) shows each change without a reload, and the
 * page stops following once the saga is finished. The engine runs a one-step saga on the real PostgreSQL; nothing
 * answers its command, so only the operators move it.
 */
@SpringBootTest(classes = LiveTimelineIT.ParcelApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "outbox.relay.enabled=false",
                "saga.engine.replies.enabled=false",
                "saga.engine.deadlines.enabled=false",
                "saga.admin.events.check-interval=200ms"})
class LiveTimelineIT {

    private static final RealServers SERVERS = RealServers.shared();
    private static final String SUPPORT = "sam";
    private static final String SUPPORT_PASSWORD = "sam-test-password";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        SERVERS.springProperties("operations_live_timeline_it").forEach((name, value) -> registry.add(name, () -> value));
        registry.add("saga.security.users[0].name", () -> SUPPORT);
        registry.add("saga.security.users[0].password",
                () -> "{bcrypt}" + new BCryptPasswordEncoder(4).encode(SUPPORT_PASSWORD));
        registry.add("saga.security.users[0].roles", () -> "SUPPORT");
    }

    /** A parcel to hold: one step whose command goes out and is never answered here. */
    public record Parcel(String label) {
    }

    public record HoldParcel(UUID requestId, String label) {
    }

    public record ParcelHeld(UUID requestId) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ParcelApplication {

        @Bean
        SagaDefinition<Parcel> parcelSaga() {
            return SagaDefinition.named("parcel", Parcel.class)
                    .step("hold")
                        .invoke((parcel, requestId) -> new HoldParcel(requestId, parcel.label()))
                        .onSuccess(ParcelHeld.class)
                        .deadline(Duration.ofHours(1))
                    .build();
        }

        /** The saga's only command goes to a topic no one reads; replies never come. */
        @Bean
        SagaMessaging parcelMessaging() {
            return new SagaMessaging() {
                @Override
                public Envelope describe(Object message) {
                    if (!(message instanceof HoldParcel hold)) {
                        throw new IllegalArgumentException("not a parcel message: " + message);
                    }
                    return new Envelope("parcel.commands", "HoldParcel", 1,
                            "{\"requestId\":\"" + hold.requestId() + "\",\"label\":\"" + hold.label() + "\"}");
                }

                @Override
                public Decoded decode(String type, int schemaVersion, byte[] payload) {
                    throw new UnreadableReplyException("no replies here: " + type, null);
                }

                @Override
                public Set<String> replyTopics() {
                    return Set.of("parcel.replies");
                }
            };
        }
    }

    @LocalServerPort
    int port;
    @Autowired
    SagaEngine engine;
    @Autowired
    SagaDefinition<Parcel> parcelSaga;
    @Autowired
    SagaOperations operations;
    @Autowired
    TransactionOperations transactions;

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
    void theSagaPageShowsEachChangeOfItsSagaWithoutAReloadUntilTheSagaIsFinished() throws Exception {
        UUID saga = UUID.randomUUID();
        transactions.executeWithoutResult(status -> engine.start(parcelSaga, saga, new Parcel("P-1")));
        browser.signIn(SUPPORT, SUPPORT_PASSWORD);
        browser.go("/console/#/saga/" + saga);
        browser.waitFor(By.cssSelector("#timeline li.entry"));
        assertThat(browser.text(By.id("saga-status"))).isEqualTo("RUNNING");
        long opened = Long.parseLong(browser.text(By.id("saga-version")));
        JavascriptExecutor page = browser.driver();
        page.executeScript("window.openedOnce = true;");

        OperatorResult paused = operations.pause(saga, opened, "olga", "customer asked to hold the parcel");
        assertThat(paused.kind()).isEqualTo(OperatorResult.Kind.APPLIED);
        assertThat(browser.waitFor(By.cssSelector("#timeline li.operator")).getText())
                .as("the pause shows in the timeline without a reload")
                .contains("olga", "customer asked to hold the parcel");
        assertThat(browser.waitFor(By.id("saga-paused")).getText()).isEqualTo("Paused");
        assertThat(browser.text(By.id("saga-version"))).isEqualTo(String.valueOf(paused.version()));
        assertThat(browser.waitFor(By.cssSelector("#saga-live[data-mode='stream']")).getText()).startsWith("Live");

        OperatorResult unpaused = operations.unpause(saga, paused.version(), "olga", "address confirmed");
        OperatorResult cancelled = operations.compensate(saga, unpaused.version(), "olga", "customer cancelled");
        assertThat(cancelled.kind()).isEqualTo(OperatorResult.Kind.APPLIED);
        browser.waitFor(By.cssSelector("#saga-live[data-mode='finished']"));
        assertThat(browser.text(By.id("saga-status"))).isEqualTo("COMPENSATED");
        assertThat(browser.all(By.cssSelector("#timeline li.operator"))).hasSize(3);
        assertThat(browser.all(By.id("saga-paused"))).isEmpty();
        assertThat(page.executeScript("return window.openedOnce === true;"))
                .as("the same page all along: no reload").isEqualTo(true);
    }

    @Test
    void theStreamAsksAScriptForCredentialsButNeverPopsUpTheBrowsersPasswordBox() throws Exception {
        URI events = URI.create("http://localhost:" + port + "/admin/sagas/" + UUID.randomUUID() + "/events");
        HttpClient client = HttpClient.newHttpClient();

        HttpResponse<String> script = client.send(HttpRequest.newBuilder(events).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(script.statusCode()).isEqualTo(401);
        assertThat(script.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v)
                .startsWith("Basic"));

        HttpResponse<String> eventSource = client.send(HttpRequest.newBuilder(events)
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(eventSource.statusCode()).isEqualTo(401);
        assertThat(eventSource.headers().firstValue("WWW-Authenticate")).as("an EventSource of a lapsed session")
                .isEmpty();
    }
}

package io.sagaengine.orchestrator.admission;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminConnectionsTest {

    private final AdminConnections connections =
            new AdminConnections(new OrderAdmission.ConnectionShare(2, Duration.ZERO), 1);

    @Test
    void requestsBeyondTheShareAreRefusedUntilOneCompletes() {
        MockHttpServletRequest first = admitted();
        admitted();
        assertThatThrownBy(this::admitted).isInstanceOf(AdmissionRefused.class)
                .hasMessageContaining("more admin requests");

        connections.afterCompletion(first, new MockHttpServletResponse(), null, null);
        assertThatNoException().isThrownBy(this::admitted);
    }

    @Test
    void openEventStreamsHoldNoShare() {
        for (int page = 0; page < 5; page++) {
            MockHttpServletRequest stream = admitted();
            connections.afterConcurrentHandlingStarted(stream, new MockHttpServletResponse(), null);
        }
        admitted();
        assertThatNoException().isThrownBy(this::admitted);
    }

    @Test
    void aStreamThatEndsAfterGivingItsShareBackGivesNothingBackTwice() {
        MockHttpServletRequest stream = admitted();
        connections.afterConcurrentHandlingStarted(stream, new MockHttpServletResponse(), null);
        connections.afterCompletion(stream, new MockHttpServletResponse(), null, null);
        admitted();
        admitted();
        assertThatThrownBy(this::admitted).isInstanceOf(AdmissionRefused.class);
    }

    private MockHttpServletRequest admitted() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/admin/sagas");
        connections.preHandle(request, new MockHttpServletResponse(), new Object());
        return request;
    }
}

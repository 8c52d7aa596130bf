package io.sagaengine.enginebench;

import io.sagaengine.engine.SagaStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark measures the paths it names: each saga ends as intended, sending what it should. */
class EngineDriverTest {

    private final EngineDriver driver = new EngineDriver();

    @Test
    void completedSagaSendsThreeCommandsAndCompletes() {
        for (int i = 0; i < 3; i++) {
            assertThat(driver.completedSaga()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(driver.commandsSent()).isEqualTo(3);
        }
    }

    @Test
    void compensatedSagaUndoesPaymentAndInventory() {
        for (int i = 0; i < 3; i++) {
            assertThat(driver.compensatedSaga()).isEqualTo(SagaStatus.COMPENSATED);
            // charge, reserve, schedule, then release and refund
            assertThat(driver.commandsSent()).isEqualTo(5);
        }
    }

    @Test
    void passedDeadlineSendsTheCommandAgain() {
        for (int i = 0; i < 3; i++) {
            assertThat(driver.sagaWithPassedDeadline()).isEqualTo(SagaStatus.COMPLETED);
            assertThat(driver.commandsSent()).isEqualTo(4);
        }
    }
}

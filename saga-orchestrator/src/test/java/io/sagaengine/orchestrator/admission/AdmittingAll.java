package io.sagaengine.orchestrator.admission;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** For web tests of the order API that are not about admission: every order is admitted. */
@TestConfiguration(proxyBeanMethods = false)
public class AdmittingAll {

    @Bean
    OrderAdmission orderAdmission() {
        return TestAdmission.admittingAll();
    }
}

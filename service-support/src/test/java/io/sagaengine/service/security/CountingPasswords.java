package io.sagaengine.service.security;

import io.sagaengine.engine.test.TestClock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A password encoder that counts its hash checks (and can hold them), and a clock the test moves. */
@TestConfiguration(proxyBeanMethods = false)
class CountingPasswords {

    final AtomicInteger checks = new AtomicInteger();
    final AtomicInteger running = new AtomicInteger();
    /** While set, every check waits for it to open. */
    final AtomicReference<CountDownLatch> gate = new AtomicReference<>();
    final TestClock clock = new TestClock(Instant.now());

    @Bean
    PasswordEncoder passwordEncoder() {
        PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        return new PasswordEncoder() {
            @Override
            public String encode(CharSequence raw) {
                return real.encode(raw);
            }

            @Override
            public boolean matches(CharSequence raw, String encoded) {
                checks.incrementAndGet();
                running.incrementAndGet();
                try {
                    CountDownLatch held = gate.get();
                    if (held != null && !held.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the test never opened the gate");
                    }
                    return real.matches(raw, encoded);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                } finally {
                    running.decrementAndGet();
                }
            }
        };
    }

    @Bean
    Clock clock() {
        return clock;
    }
}

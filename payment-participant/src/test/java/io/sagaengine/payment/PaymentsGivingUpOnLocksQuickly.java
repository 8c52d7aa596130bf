package io.sagaengine.payment;

import org.springframework.test.context.TestPropertySource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A payment service whose sessions give up waiting for a row lock after 300 ms (SQLSTATE 55P03, a transient
 * failure, as on a database that is down or failing over), with a small retry budget for broken messages, so that
 * a test holding a lock sees transient failures retried and never dead-lettered.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@TestPropertySource(properties = {
        "payment.default-credit-limit=100.00",
        "payment.default-currency=EUR",
        "spring.datasource.hikari.connection-init-sql=SET lock_timeout = '300ms'",
        "outbox.dead-letter.retries=2",
        "outbox.dead-letter.initial-backoff=100ms",
        "outbox.dead-letter.max-backoff=500ms"})
@interface PaymentsGivingUpOnLocksQuickly {
}

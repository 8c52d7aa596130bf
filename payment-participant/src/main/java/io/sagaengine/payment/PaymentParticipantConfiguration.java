package io.sagaengine.payment;

import io.sagaengine.contracts.payment.ChargePayment;
import io.sagaengine.contracts.payment.PaymentParticipant;
import io.sagaengine.contracts.payment.RefundPayment;
import io.sagaengine.service.participant.ParticipantDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class PaymentParticipantConfiguration {

    @Bean
    ParticipantDefinition paymentParticipant(PaymentService payments) {
        return ParticipantDefinition.builder(PaymentParticipant.NAME, PaymentParticipant.COMMAND_TOPIC,
                        PaymentParticipant.REPLY_TOPIC)
                .on(ChargePayment.class, payments::charge)
                .on(RefundPayment.class, payments::refund)
                .build();
    }
}

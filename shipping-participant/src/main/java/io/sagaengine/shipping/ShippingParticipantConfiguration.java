package io.sagaengine.shipping;

import io.sagaengine.contracts.shipping.CancelShipment;
import io.sagaengine.contracts.shipping.ScheduleShipment;
import io.sagaengine.contracts.shipping.ShippingParticipant;
import io.sagaengine.service.participant.ParticipantDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ShippingParticipantConfiguration {

    @Bean
    ParticipantDefinition shippingParticipant(ShippingService shipping) {
        return ParticipantDefinition.builder(ShippingParticipant.NAME, ShippingParticipant.COMMAND_TOPIC,
                        ShippingParticipant.REPLY_TOPIC)
                .on(ScheduleShipment.class, shipping::schedule)
                .on(CancelShipment.class, shipping::cancel)
                .build();
    }
}

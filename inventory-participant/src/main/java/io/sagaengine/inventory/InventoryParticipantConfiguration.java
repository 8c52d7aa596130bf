package io.sagaengine.inventory;

import io.sagaengine.contracts.inventory.InventoryParticipant;
import io.sagaengine.contracts.inventory.ReleaseInventory;
import io.sagaengine.contracts.inventory.ReserveInventory;
import io.sagaengine.service.participant.ParticipantDefinition;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InventoryParticipantConfiguration {

    @Bean
    ParticipantDefinition inventoryParticipant(InventoryService inventory) {
        return ParticipantDefinition.builder(InventoryParticipant.NAME, InventoryParticipant.COMMAND_TOPIC,
                        InventoryParticipant.REPLY_TOPIC)
                .on(ReserveInventory.class, inventory::reserve)
                .on(ReleaseInventory.class, inventory::release)
                .build();
    }

    /** Seeds before the command listener starts, so no reservation can see a seeded SKU as unknown. */
    @Bean
    @DependsOnDatabaseInitialization
    StockSeeder stockSeeder(StockRepository stock, InventoryProperties properties) {
        return new StockSeeder(stock, properties.seed());
    }
}

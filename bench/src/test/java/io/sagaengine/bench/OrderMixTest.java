package io.sagaengine.bench;

import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderMixTest {

    @Test
    void everyHundredOrdersKeepTheMixExactly() {
        OrderMix mix = OrderMix.parse(OrderMix.DEFAULT);
        for (int round = 0; round < 3; round++) {
            Map<OrderKind, Integer> counts = new EnumMap<>(OrderKind.class);
            for (int i = 0; i < 100; i++) {
                counts.merge(mix.next(), 1, Integer::sum);
            }
            assertThat(counts).containsEntry(OrderKind.HAPPY, 80).containsEntry(OrderKind.DECLINED, 10)
                    .containsEntry(OrderKind.OUT_OF_STOCK, 5).containsEntry(OrderKind.NOT_SHIPPABLE, 5);
        }
    }

    @Test
    void theRareKindsAreSpreadOutNotBunched() {
        OrderMix mix = OrderMix.parse(OrderMix.DEFAULT);
        for (int i = 0; i < 20; i++) {
            Map<OrderKind, Integer> counts = new EnumMap<>(OrderKind.class);
            for (int j = 0; j < 10; j++) {
                counts.merge(mix.next(), 1, Integer::sum);
            }
            assertThat(counts.getOrDefault(OrderKind.HAPPY, 0)).isBetween(7, 9);
        }
    }

    @Test
    void onlyHappyWhenAsked() {
        OrderMix mix = OrderMix.parse("happy=1");
        for (int i = 0; i < 10; i++) {
            assertThat(mix.next()).isEqualTo(OrderKind.HAPPY);
        }
        assertThatThrownBy(() -> OrderMix.parse("happy=0")).hasMessageContaining("no weight");
        assertThatThrownBy(() -> OrderMix.parse("sad=3")).hasMessageContaining("unknown order kind");
    }
}

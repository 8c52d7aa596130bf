package io.sagaengine.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HeapSamplerTest {

    @Test
    void sumsTheHeapPoolsOfAScrapeAndIgnoresTheOthers() {
        String scrape = """
                # HELP jvm_memory_used_bytes The amount of used memory
                # TYPE jvm_memory_used_bytes gauge
                jvm_memory_used_bytes{application="orchestrator",area="heap",id="G1 Eden Space"} 1.048576E7
                jvm_memory_used_bytes{application="orchestrator",area="heap",id="G1 Old Gen"} 2.097152E7
                jvm_memory_used_bytes{application="orchestrator",area="nonheap",id="Metaspace"} 9.9E7
                jvm_memory_max_bytes{application="orchestrator",area="heap",id="G1 Old Gen"} 5.36870912E8
                """;

        assertThat(HeapSampler.heapUsed(scrape)).isEqualTo(31_457_280);
        assertThat(HeapSampler.heapUsed("process_uptime_seconds 12.0\n")).isEqualTo(-1);
    }
}

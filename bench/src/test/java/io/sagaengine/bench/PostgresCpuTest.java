package io.sagaengine.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresCpuTest {

    @Test
    void processTitlesNameTheirRole() {
        assertThat(PostgresCpu.role("postgres: walsender postgres 127.0.0.1(40112) START_REPLICATION")).isEqualTo("walsender");
        assertThat(PostgresCpu.role("postgres: postgres orders 127.0.0.1(40100) idle")).isEqualTo("backend orders");
        assertThat(PostgresCpu.role("postgres: walwriter")).isEqualTo("walwriter");
        assertThat(PostgresCpu.role("postgres: background writer")).isEqualTo("background writer");
        assertThat(PostgresCpu.role("postgres: autovacuum worker orders")).isEqualTo("autovacuum worker");
        assertThat(PostgresCpu.role("")).isEqualTo("other");
    }
}

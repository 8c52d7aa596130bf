package io.sagaengine.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessCpuTest {

    @TempDir
    Path proc;

    @Test
    void readsTimesAfterACommandNameWithSpacesAndParentheses() {
        ProcessCpu.Times t = ProcessCpu.parse(
                "4242 (postgres: walsender (x) ) S 4200 4200 4200 0 -1 4194560 1 0 0 0 17 5 3 2 20 0 1 0 100 0 0");

        assertThat(t.pid()).isEqualTo(4242);
        assertThat(t.parent()).isEqualTo(4200);
        assertThat(t.own()).isEqualTo(22);
        assertThat(t.withReapedChildren()).isEqualTo(27);
    }

    @Test
    void aTreeCountsItsRootWithReapedChildrenAndEveryLivingDescendantButNotOthers() throws IOException {
        stat(100, 1, 10, 5, 7, 3);   // postmaster: 15 own, 10 of ended backends
        stat(101, 100, 20, 1, 0, 0); // backend
        stat(102, 100, 4, 4, 0, 0);  // walsender
        stat(103, 102, 1, 0, 0, 0);  // a grandchild
        stat(200, 1, 500, 500, 0, 0); // another process

        assertThat(new ProcessCpu(proc).treeTicks(100)).hasValue(15 + 10 + 21 + 8 + 1);
        assertThat(new ProcessCpu(proc).treeTicks(999)).isEmpty();
    }

    @Test
    void machineBusyLeavesOutIdleAndIowait() throws IOException {
        Files.writeString(proc.resolve("stat"), "cpu  100 2 30 5000 70 4 6 1 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n");

        assertThat(new ProcessCpu(proc).machineBusyTicks()).isEqualTo(100 + 2 + 30 + 4 + 6 + 1);
    }

    @Test
    void jvmOptionsAreThoseBeforeTheMainClassWithoutTheClassPath() {
        assertThat(SagaBench.jvmOptionsOf("/jdk/bin/java -Xmx512m -XX:+UseSerialGC -cp a.jar:b.jar kafka.Kafka x"))
                .isEqualTo("-Xmx512m -XX:+UseSerialGC");
        assertThat(SagaBench.jvmOptionsOf("/jdk/bin/java -Xms1g -jar s-exec.jar --server.port=1"))
                .isEqualTo("-Xms1g");
    }

    private void stat(long pid, long parent, long user, long system, long childUser, long childSystem)
            throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), pid + " (p" + pid + ") S " + parent
                + " 1 1 0 -1 0 0 0 0 0 " + user + " " + system + " " + childUser + " " + childSystem
                + " 20 0 1 0 1 0 0\n");
    }
}

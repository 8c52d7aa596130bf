package io.sagaengine.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadCpuTest {

    @TempDir
    Path proc;

    @Test
    void threadsThatDifferOnlyInTheirNumbersAreOneGroup() throws IOException {
        task(7, 71, "C2 CompilerThre", 30, 10);
        task(7, 72, "C2 CompilerThre", 5, 5);
        task(7, 73, "http-nio-8080-e", 4, 0);
        task(7, 74, "http-nio-8080-e", 2, 1);

        Map<String, Long> groups = new ThreadCpu(proc).snapshot(7);

        assertThat(groups).containsExactlyInAnyOrderEntriesOf(Map.of("C# CompilerThre", 50L, "http-nio-#-e", 7L));
    }

    @Test
    void topKeepsTheLargestGroupsOfTheDifferenceAndSumsTheRest() {
        Map<String, Double> top = ThreadCpu.top(Map.of("a", 100L, "b", 10L, "c", 0L),
                Map.of("a", 150L, "b", 40L, "c", 20L, "d", 10L), 100, 2);

        assertThat(top).containsExactly(Map.entry("a", 0.5), Map.entry("b", 0.3), Map.entry("other", 0.3));
    }

    @Test
    void aProcessThatIsGoneHasNoThreads() {
        assertThat(new ThreadCpu(proc).snapshot(99)).isEmpty();
    }

    private void task(long pid, long tid, String name, long user, long system) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)).resolve("task").resolve(Long.toString(tid)));
        Files.writeString(dir.resolve("stat"), tid + " (" + name + ") S " + pid + " 1 1 0 -1 0 0 0 0 0 " + user + " "
                + system + " 0 0 20 0 1 0 100 0 0");
    }
}

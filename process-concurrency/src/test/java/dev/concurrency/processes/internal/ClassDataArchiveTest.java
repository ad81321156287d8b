package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class ClassDataArchiveTest {

  @TempDir Path dir;

  private JvmCommand command(String classPath, List<String> options, Path archives) {
    return new JvmCommand(Path.of("/usr/bin/java"), classPath, options, List.of(), JvmCommand.Mode.PROCESS, archives);
  }

  private Path jar(String name) throws IOException {
    return Files.write(dir.resolve(name), new byte[] {1, 2, 3});
  }

  @Test
  void archiveFor_jarsOnly_namedAfterClassPathAndOptions() throws IOException {
    String jars = jar("a.jar") + File.pathSeparator + jar("b.jar");
    Path archives = dir.resolve("cds");

    Path plain = ClassDataArchive.archiveFor(command(jars, List.of(), archives), archives);
    Path serial = ClassDataArchive.archiveFor(command(jars, List.of("-XX:+UseSerialGC"), archives), archives);

    assertThat(plain).isNotNull();
    assertThat(plain.getParent()).isEqualTo(archives);
    assertThat(plain.getFileName().toString()).startsWith("children-").endsWith(".jsa");
    assertThat(serial).isNotEqualTo(plain);
    assertThat(ClassDataArchive.archiveFor(command(jars, List.of(), archives), archives)).isEqualTo(plain);
  }

  @Test
  void archiveFor_aDirectoryOrMissingJarOnTheClassPath_none() throws IOException {
    Path archives = dir.resolve("cds");

    assertThat(ClassDataArchive.archiveFor(command(jar("a.jar") + File.pathSeparator + dir, List.of(), archives), archives)).isNull();
    assertThat(ClassDataArchive.archiveFor(command(dir.resolve("gone.jar").toString(), List.of(), archives), archives)).isNull();
  }

  @Test
  void plan_noDirectory_nothing() throws IOException {
    JvmCommand command = new JvmCommand(Path.of("/usr/bin/java"), jar("a.jar").toString(), List.of(), List.of(), JvmCommand.Mode.PROCESS, null);

    assertThat(ClassDataArchive.plan(command)).isEqualTo(ClassDataArchive.Plan.NONE);
    assertThat(command.toList()).noneMatch(arg -> arg.contains("Archive"));
  }

  @Test
  void plan_firstChildWrites_othersWait_thenAllMapTheArchive() throws IOException {
    Path archives = dir.resolve("cds");
    JvmCommand command = command(jar("app.jar").toString(), List.of(), archives);

    ClassDataArchive.Plan writer = ClassDataArchive.plan(command);
    ClassDataArchive.Plan meanwhile = ClassDataArchive.plan(command);
    String dump = writer.options().stream().filter(o -> o.startsWith("-XX:ArchiveClassesAtExit=")).findFirst().orElseThrow();
    Files.write(Path.of(dump.substring(dump.indexOf('=') + 1)), new byte[] {42}); // what the child's exit writes
    writer.written().run();
    ClassDataArchive.Plan later = ClassDataArchive.plan(command);

    assertThat(meanwhile.options()).isEmpty();
    Path archive = ClassDataArchive.archiveFor(command, archives);
    assertThat(archive).exists();
    assertThat(later.options()).contains("-XX:SharedArchiveFile=" + archive);
    assertThat(command.toList(later.options())).contains("-XX:SharedArchiveFile=" + archive);
  }

  @Test
  void plan_writerFails_partialDeleted_nextChildWritesAgain() throws IOException {
    Path archives = dir.resolve("cds");
    JvmCommand command = command(jar("app.jar").toString(), List.of(), archives);

    ClassDataArchive.Plan writer = ClassDataArchive.plan(command);
    String dump = writer.options().stream().filter(o -> o.startsWith("-XX:ArchiveClassesAtExit=")).findFirst().orElseThrow();
    Path partial = Path.of(dump.substring(dump.indexOf('=') + 1));
    Files.write(partial, new byte[] {42});
    writer.failed().run();

    assertThat(partial).doesNotExist();
    assertThat(ClassDataArchive.plan(command).options()).anyMatch(o -> o.startsWith("-XX:ArchiveClassesAtExit="));
  }
}

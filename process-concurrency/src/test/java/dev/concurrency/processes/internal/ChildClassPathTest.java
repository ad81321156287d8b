package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM gets its parent's class path and, for a parent started on the module path, the parent's modules as
 * class-path entries: without them a child of {@code java -p ... -m ...} could not find {@code ChildMain}.
 */
final class ChildClassPathTest {

  private static final String SEP = File.pathSeparator;

  @Test
  void classPathOnly_isKeptExactly_evenItsEmptyEntry() {
    // an empty entry (here the trailing one Surefire leaves) means the working directory: it must stay
    String parent = "a.jar" + SEP + "classes" + SEP;
    assertThat(JvmCommand.childClassPath(parent, "")).isEqualTo(parent);
  }

  @Test
  void modulePathOnly_jarsAndExplodedModules_becomeClassPathEntries(@TempDir Path dir) throws IOException {
    Path exploded = Files.createDirectories(dir.resolve("exploded"));
    Files.createFile(exploded.resolve("module-info.class"));
    Path jar = Files.createFile(dir.resolve("lib.jar"));

    String childPath = JvmCommand.childClassPath("", jar + SEP + exploded);

    assertThat(childPath).isEqualTo(jar + SEP + exploded);
  }

  @Test
  void aDirectoryOfModularJars_becomesAWildcardEntry(@TempDir Path dir) throws IOException {
    Path mods = Files.createDirectories(dir.resolve("mods"));
    Files.createFile(mods.resolve("one.jar"));

    assertThat(JvmCommand.childClassPath("", mods.toString())).isEqualTo(mods.resolve("*").toString());
  }

  @Test
  void both_classPathAsItIsFirst_thenTheModules() {
    assertThat(JvmCommand.childClassPath("cp.jar", SEP + "mp.jar")).isEqualTo("cp.jar" + SEP + "mp.jar");
  }
}

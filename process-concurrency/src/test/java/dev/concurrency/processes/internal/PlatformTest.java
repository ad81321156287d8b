package dev.concurrency.processes.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operating-system seam: both branches are plain Java, so the Windows one is tested here on Linux as far as
 * it can run (its exit codes, its directory, its path limit); what only Windows can show (that
 * {@code TerminateProcess} reports status 1) is stated in the README as not run.
 */
final class PlatformTest {

  @Test
  void of_osName_picksTheBranch() {
    assertThat(Platform.of("Linux")).isEqualTo(Platform.POSIX);
    assertThat(Platform.of("Mac OS X")).isEqualTo(Platform.POSIX);
    assertThat(Platform.of("FreeBSD")).isEqualTo(Platform.POSIX);
    assertThat(Platform.of("Windows 11")).isEqualTo(Platform.WINDOWS);
    assertThat(Platform.of("windows server 2022")).isEqualTo(Platform.WINDOWS);
    assertThat(Platform.current()).isEqualTo(Platform.of(System.getProperty("os.name")));
  }

  @Test
  void posix_signalStatuses_becomeNegativeSignalNumbers() {
    assertThat(Platform.POSIX.toPython(137)).isEqualTo(-9);
    assertThat(Platform.POSIX.toPython(143)).isEqualTo(-15);
    assertThat(Platform.POSIX.toPython(128)).isEqualTo(128);
    assertThat(Platform.POSIX.toPython(160)).isEqualTo(160);
    assertThat(Platform.POSIX.terminatesGracefully()).isTrue();
  }

  @Test
  void windows_statusesAreAsTheyAre_andTerminateIsNotGraceful() {
    assertThat(Platform.WINDOWS.toPython(1)).isEqualTo(1);
    assertThat(Platform.WINDOWS.toPython(137)).as("no signals on Windows").isEqualTo(137);
    assertThat(Platform.WINDOWS.toPython(143)).isEqualTo(143);
    assertThat(Platform.WINDOWS.terminatesGracefully()).isFalse();
  }

  @Test
  void socketPathLimits_areTheSmallestOfTheFamily() {
    assertThat(Platform.POSIX.maxSocketPathBytes()).isEqualTo(103);
    assertThat(Platform.WINDOWS.maxSocketPathBytes()).isEqualTo(107);
  }

  @Test
  void describe_namesTheSignalsLinuxAndMacOsShare() {
    assertThat(Platform.POSIX.describe(-11)).isEqualTo("exit code -11 (killed by SIGSEGV)");
    assertThat(Platform.POSIX.describe(-15)).isEqualTo("exit code -15 (terminated by SIGTERM)");
    assertThat(Platform.POSIX.describe(-12)).isEqualTo("exit code -12 (killed by signal 12)");
    assertThat(Platform.WINDOWS.describe(1)).isEqualTo("exit code 1");
  }

  @Test
  void posix_privateDirectory_isMode0700(@TempDir Path parent) throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX file systems only");

    Path made = Platform.POSIX.createPrivateDirectory(parent.resolve("private"));

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(made))).isEqualTo("rwx------");
  }

  @Test
  void windows_privateDirectory_isAPlainDirectory_itsParentsAclDecides(@TempDir Path parent) throws IOException {
    Path made = Platform.WINDOWS.createPrivateDirectory(parent.resolve("plain"));

    assertThat(made).isDirectory();
  }
}

package dev.concurrency.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(120)
final class ApiDocsTest {

  @TempDir Path repository;

  private void module(String folder, String name, String pkg) throws IOException {
    Path sources = Files.createDirectories(repository.resolve(folder + "/src/main/java/" + pkg.replace('.', '/')));
    Files.writeString(repository.resolve(folder + "/src/main/java/module-info.java"),
        "/** The " + name + " module. */\nmodule " + name + " {\n  exports " + pkg + ";\n}\n");
    Files.writeString(sources.resolve("package-info.java"), "/** The overview of " + pkg + ". */\npackage " + pkg + ";\n");
    Files.writeString(sources.resolve("Greeter.java"), """
        package %s;

        /** Greets. */
        public final class Greeter {
          private Greeter() {}

          /** {@return a greeting} */
          public static String hello() {
            return "hello";
          }
        }
        """.formatted(pkg));
  }

  @Test
  void libraryModules_areTheFoldersWithAModuleDescriptor_inOrder() throws IOException {
    module("b-lib", "demo.b", "demo.b");
    module("a-lib", "demo.a", "demo.a");
    Files.createDirectories(repository.resolve("not-a-module/src/main/java"));

    assertThat(ApiDocs.libraryModules(repository)).extracting(ApiDocs.LibraryModule::name).containsExactly("demo.a", "demo.b");
  }

  @Test
  void libraryModules_leaveOutAModuleThatRequiresOneOfThem() throws IOException {
    module("a-lib", "demo.a", "demo.a");
    module("b-lib", "demo.b", "demo.b");
    Files.createDirectories(repository.resolve("app/src/main/java"));
    Files.writeString(repository.resolve("app/src/main/java/module-info.java"),
        "/** Uses them; requires demo.nothing; in a comment does not count. */\nmodule demo.app {\n  requires static transitive demo.b;\n}\n");
    Files.createDirectories(repository.resolve("c-lib/src/main/java"));
    Files.writeString(repository.resolve("c-lib/src/main/java/module-info.java"),
        "/** Says {@code requires demo.a;} in its doc only. */\nmodule demo.c {\n  requires java.logging; // not demo.a;\n}\n");

    assertThat(ApiDocs.libraryModules(repository)).extracting(ApiDocs.LibraryModule::name).containsExactly("demo.a", "demo.b", "demo.c");
  }

  @Test
  void build_twoModules_writesModuleAndPackagePages_whoseLinksHold() throws IOException {
    module("a-lib", "demo.a", "demo.a");
    module("b-lib", "demo.b", "demo.b");
    Path overview = Files.writeString(repository.resolve("overview.html"), "<html><body><p>Two modules.</p></body></html>");
    Path out = repository.resolve("api");

    ApiDocs.build(ApiDocs.libraryModules(repository), List.of(), overview, out);

    assertThat(out.resolve("demo.a/module-summary.html")).isRegularFile();
    assertThat(Files.readString(out.resolve("demo.b/demo/b/package-summary.html"))).contains("The overview of demo.b");
    assertThat(LinkCheck.check(out).broken()).isEmpty();
  }

  @Test
  void build_brokenSource_failsWithWhatJavadocSaid() throws IOException {
    module("a-lib", "demo.a", "demo.a");
    Files.writeString(repository.resolve("a-lib/src/main/java/demo/a/Broken.java"), "package demo.a; class Broken {");
    Path overview = Files.writeString(repository.resolve("overview.html"), "<html><body></body></html>");

    assertThatThrownBy(() -> ApiDocs.build(ApiDocs.libraryModules(repository), List.of(), overview, repository.resolve("api")))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("javadoc exited with").hasMessageContaining("Broken.java");
  }
}

package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Java block of README.md compiles as printed, and the quickstart prints what the README says it prints. */
class ReadmeSnippetsTest {
    private static final Path README = Path.of("..", "README.md");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL);
    private static final Pattern PUBLIC_CLASS = Pattern.compile("public class (\\w+)");

    @Test
    void everyJavaBlockOfTheReadmeCompilesAsPrinted(@TempDir Path dir) throws IOException {
        List<Path> sources = writeBlocks(dir);
        assertThat(sources).as("Java blocks in README.md").hasSizeGreaterThanOrEqualTo(2);
        compile(dir, sources);
    }

    @Test
    void theReadmeQuickstartPrintsTheReading(@TempDir Path dir) throws Exception {
        compile(dir, writeBlocks(dir));
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            Method main = loader.loadClass("Hello").getMethod("main", String[].class);
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("sensor/kitchen/temperature -> kitchen: 21.5 C");
    }

    private static List<Path> writeBlocks(Path dir) throws IOException {
        Matcher block = JAVA_BLOCK.matcher(Files.readString(README));
        List<Path> sources = new ArrayList<>();
        while (block.find()) {
            Matcher name = PUBLIC_CLASS.matcher(block.group(1));
            assertThat(name.find()).as("a README Java block declares a public class:%n%s", block.group(1)).isTrue();
            sources.add(Files.writeString(dir.resolve(name.group(1) + ".java"), block.group(1)));
        }
        return sources;
    }

    private static void compile(Path dir, List<Path> sources) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
            boolean ok = javac.getTask(null, files, diagnostics, List.of("-classpath", classPath, "-d", dir.toString(), "-proc:none",
                    "-Xlint:all", "-Werror"), null, files.getJavaFileObjectsFromPaths(sources)).call();
            assertThat(diagnostics.getDiagnostics()).as("javac diagnostics").isEmpty();
            assertThat(ok).as("javac succeeded").isTrue();
        }
    }
}

package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every {@code <pre>{@code ...}</pre>} example in the Javadoc of the published sources names classes that exist: each
 * type it instantiates, extends, implements or calls a static method on is declared in this repository, in the
 * snippet itself, or in the JDK. Names starting with {@code My} are placeholders for the reader's own class.
 */
class JavadocExamplesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern SNIPPET = Pattern.compile("<pre>\\{@code(.*?)}</pre>", Pattern.DOTALL);
    private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|record|enum)\\s+([A-Z][A-Za-z0-9_]*)");
    private static final Pattern USED = Pattern.compile(
            "(?:\\bnew\\s+|\\bextends\\s+|\\bimplements\\s+|\\b)([A-Z][A-Za-z0-9_]*)(?=\\s*(?:\\(|\\.[a-z]|<|\\{|,|\\)))");
    private static final List<String> JDK_PACKAGES = List.of("java.lang", "java.util", "java.util.concurrent", "java.util.function",
            "java.time", "java.io", "java.nio", "java.nio.file", "java.nio.charset", "java.net", "java.security", "javax.crypto",
            "javax.crypto.spec", "java.util.concurrent.atomic", "java.util.stream", "java.lang.reflect");

    @Test
    void everyJavadocExampleNamesClassesThatExist() throws IOException {
        List<Path> sources = sources();
        Set<String> declared = new TreeSet<>();
        for (Path source : sources) {
            Matcher m = DECLARED.matcher(Files.readString(source));
            while (m.find()) {
                declared.add(m.group(1));
            }
        }
        List<String> missing = new ArrayList<>();
        int snippets = 0;
        for (Path source : sources) {
            if (!source.toString().contains("/src/main/java/")) {
                continue;
            }
            Matcher snippet = SNIPPET.matcher(Files.readString(source));
            while (snippet.find()) {
                snippets++;
                String code = snippet.group(1).replaceAll("(?m)^\\s*\\*", "");
                Set<String> local = new TreeSet<>();
                Matcher d = DECLARED.matcher(code);
                while (d.find()) {
                    local.add(d.group(1));
                }
                Matcher used = USED.matcher(code);
                while (used.find()) {
                    String name = used.group(1);
                    if (!declared.contains(name) && !local.contains(name) && !inJdk(name) && name.length() > 1
                            && !name.startsWith("My")) {
                        missing.add(ROOT.relativize(source) + ": " + name);
                    }
                }
            }
        }
        assertThat(snippets).as("Javadoc examples found").isPositive();
        assertThat(missing).as("class names in Javadoc examples that no source declares").isEmpty();
    }

    private static boolean inJdk(String simpleName) {
        for (String pkg : JDK_PACKAGES) {
            try {
                Class.forName(pkg + "." + simpleName, false, ClassLoader.getPlatformClassLoader());
                return true;
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        return false;
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/"))
                    .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/.git/")).toList();
        }
    }
}

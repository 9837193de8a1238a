package io.whispeer.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** whispeer-bom lists every published module and nothing else. */
class BomTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void bomListsExactlyThePublishedModules() throws Exception {
        TreeSet<String> published = new TreeSet<>();
        for (String module : texts(read(ROOT.resolve("pom.xml")), "module")) {
            Document pom = read(ROOT.resolve(module).resolve("pom.xml"));
            boolean unpublished = texts(pom, "maven.deploy.skip").contains("true");
            String packaging = texts(pom, "packaging").stream().findFirst().orElse("jar");
            if (!unpublished && !packaging.equals("pom")) {
                published.add(module);
            }
        }
        Document bom = read(ROOT.resolve("whispeer-bom/pom.xml"));
        NodeList dependencies = bom.getElementsByTagName("dependency");
        TreeSet<String> listed = new TreeSet<>();
        for (int i = 0; i < dependencies.getLength(); i++) {
            Element dependency = (Element) dependencies.item(i);
            assertThat(text(dependency, "groupId")).as("only whispeer artifacts in the BOM").isEqualTo("io.whispeer");
            assertThat(dependency.getElementsByTagName("scope").getLength()).as("no scopes in the BOM").isZero();
            listed.add(text(dependency, "artifactId"));
        }
        assertThat(listed).isEqualTo(published);
        assertThat(published).contains("whispeer-api", "whispeer-core", "whispeer-codec-json", "whispeer-codec-protobuf", "whispeer-tck");
    }

    private static Document read(Path pom) throws Exception {
        assertThat(Files.exists(pom)).as("%s exists", pom).isTrue();
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static List<String> texts(Document document, String tag) {
        NodeList nodes = document.getElementsByTagName(tag);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent().trim());
        }
        return out;
    }

    private static String text(Element element, String tag) {
        return element.getElementsByTagName(tag).item(0).getTextContent().trim();
    }
}

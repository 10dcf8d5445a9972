package io.logpipe.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The root README's module map names, for every module of the reactor, the logpipe modules its
 * {@code pom.xml} depends on (test scope in brackets): a new dependency must show in the map.
 */
class ModuleMapTest {

  private static final Path REPO = Path.of(System.getProperty("logpipe.repo.root", ".."));
  private static final Pattern ROW =
      Pattern.compile("^\\| `([a-z-]+)/` \\| ([^|]*) \\|", Pattern.MULTILINE);

  @Test
  void theReadmeModuleMapIsWhatThePomsDeclare() throws Exception {
    Map<String, String> declared = new LinkedHashMap<>();
    for (String module : modules(parse(REPO.resolve("pom.xml")))) {
      declared.put(module, dependencies(parse(REPO.resolve(module).resolve("pom.xml"))));
    }
    String readme = Files.readString(REPO.resolve("README.md"));
    Map<String, String> documented = new LinkedHashMap<>();
    Matcher m = ROW.matcher(readme.substring(readme.indexOf("## Modules")));
    while (m.find()) {
      if (!m.group(1).equals("docker")) {
        documented.put(m.group(1), normalize(m.group(2)));
      }
    }
    assertThat(documented)
        .as("README.md's module map (module -> depends on (tests also on))")
        .containsExactlyInAnyOrderEntriesOf(declared);
  }

  private static Document parse(Path pom) throws Exception {
    assertThat(pom).as("%s (repo root %s)", pom, REPO.toAbsolutePath()).isRegularFile();
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  private static List<String> modules(Document root) {
    List<String> modules = new ArrayList<>();
    NodeList list = root.getElementsByTagName("module");
    for (int i = 0; i < list.getLength(); i++) {
      modules.add(list.item(i).getTextContent().trim());
    }
    return modules;
  }

  /** The map's notation: {@code a, b (c, d)}, sorted, {@code –} for none. */
  private static String dependencies(Document pom) {
    TreeSet<String> main = new TreeSet<>();
    TreeSet<String> test = new TreeSet<>();
    NodeList projectChildren = pom.getDocumentElement().getChildNodes();
    for (int i = 0; i < projectChildren.getLength(); i++) {
      Node n = projectChildren.item(i);
      if (n instanceof Element e && e.getTagName().equals("dependencies")) {
        NodeList deps = e.getElementsByTagName("dependency");
        for (int j = 0; j < deps.getLength(); j++) {
          Element d = (Element) deps.item(j);
          String group = text(d, "groupId");
          if (group.equals("io.logpipe") || group.equals("${project.groupId}")) {
            String name = text(d, "artifactId").replaceFirst("^logpipe-", "");
            (text(d, "scope").equals("test") ? test : main).add(name);
          }
        }
      }
    }
    String m = main.isEmpty() ? "–" : String.join(", ", main);
    return test.isEmpty() ? m : m + " (" + String.join(", ", test) + ")";
  }

  private static String normalize(String cell) {
    String c = cell.trim();
    int paren = c.indexOf('(');
    String main = paren < 0 ? c : c.substring(0, paren).trim();
    String test = paren < 0 ? "" : c.substring(paren + 1, c.lastIndexOf(')'));
    String m =
        main.equals("–") || main.isEmpty() ? "–" : String.join(", ", new TreeSet<>(split(main)));
    return test.isEmpty() ? m : m + " (" + String.join(", ", new TreeSet<>(split(test))) + ")";
  }

  private static List<String> split(String list) {
    List<String> out = new ArrayList<>();
    for (String s : list.split(",")) {
      out.add(s.trim());
    }
    return out;
  }

  private static String text(Element parent, String tag) {
    NodeList l = parent.getElementsByTagName(tag);
    return l.getLength() == 0 ? "" : l.item(0).getTextContent().trim();
  }
}

package dev.concurrency.model.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

final class SvgTimelineTest {

  @TempDir Path dir;

  private static Document parse(String svg) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
  }

  private static List<Element> withClass(Document doc, String tag, String cls) {
    NodeList nodes = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", tag);
    List<Element> found = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      Element e = (Element) nodes.item(i);
      if (e.getAttribute("class").equals(cls)) {
        found.add(e);
      }
    }
    return found;
  }

  @Test
  void svg_seedSpans_wellFormedWithOneBarAndLabelPerSpan() throws Exception {
    Document doc = parse(SvgTimeline.svg(GanttTest.seedSpans()));

    assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
    List<Element> bars = withClass(doc, "rect", "span");
    assertThat(bars).hasSize(2);
    assertThat(withClass(doc, "text", "lane")).extracting(Element::getTextContent)
        .containsExactly("main: task1", "main: task2");
    // task2 lasts twice as long as task1: its bar is twice as wide, and both start at the axis origin
    double w1 = Double.parseDouble(bars.get(0).getAttribute("width"));
    double w2 = Double.parseDouble(bars.get(1).getAttribute("width"));
    assertThat(w2).isCloseTo(2 * w1, org.assertj.core.data.Offset.offset(0.01));
    assertThat(bars.get(0).getAttribute("x")).isEqualTo(bars.get(1).getAttribute("x"));
    assertThat(bars.get(0).getTextContent()).contains("main / task1").contains("1.000 s");
    assertThat(withClass(doc, "text", "tick")).extracting(Element::getTextContent)
        .containsExactly("0", "500.0 ms", "1.000 s", "1.500 s", "2.000 s");
  }

  @Test
  void svg_slices_oneLabelPerRowOneBarPerSpan() throws Exception {
    Document doc = parse(SvgTimeline.svg(GanttTest.slices()));

    assertThat(withClass(doc, "rect", "span")).hasSize(6);
    assertThat(withClass(doc, "text", "lane")).hasSize(5);
  }

  @Test
  void svg_namesWithMarkup_escapedAndStillWellFormed() throws Exception {
    String nasty = "<b>\"fish\" & 'chips'\u0001</b>";
    Document doc = parse(SvgTimeline.svg(List.of(new Span(nasty, "x", 0, 10)), List.of("note " + nasty)));

    assertThat(withClass(doc, "text", "lane")).singleElement().extracting(Element::getTextContent)
        .isEqualTo("<b>\"fish\" & 'chips'</b>: x");
    assertThat(withClass(doc, "text", "note")).singleElement().extracting(Element::getTextContent)
        .isEqualTo("note <b>\"fish\" & 'chips'</b>");
  }

  @Test
  void svg_noSpans_stillWellFormed() throws Exception {
    Document doc = parse(SvgTimeline.svg(List.of()));

    assertThat(withClass(doc, "rect", "span")).isEmpty();
    assertThat(withClass(doc, "line", "axis")).hasSize(1);
  }

  @Test
  void write_toFile_writesTheSameDocument() throws Exception {
    Path file = dir.resolve("timeline.svg");
    SvgTimeline.write(GanttTest.seedSpans(), file);

    assertThat(Files.readString(file)).isEqualTo(SvgTimeline.svg(GanttTest.seedSpans()));
  }

  @Test
  void write_withNotes_notesUnderChart() throws Exception {
    Path file = dir.resolve("notes.svg");
    SvgTimeline.write(GanttTest.seedSpans(), List.of("predicted 2.000 s", "measured 2.004 s"), file);

    assertThat(withClass(parse(Files.readString(file)), "text", "note")).extracting(Element::getTextContent)
        .containsExactly("predicted 2.000 s", "measured 2.004 s");
  }

  @Test
  void write_intoMissingDirectory_failsNamingThePath() {
    Path file = dir.resolve("no/such/dir/t.svg");

    assertThatThrownBy(() -> SvgTimeline.write(GanttTest.seedSpans(), file))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(file.toString());
  }

  @Test
  void svg_hasAHeadingAnAxisLabelAndALegendOfTheKindsShown() throws Exception {
    List<Span> spans =
        List.of(
            new Span("task-1", "compute", 0, 300_000_000L),
            new Span("task-1", "sleep 0.5 s", 300_000_000L, 800_000_000L),
            new Span("task-2", "acquire lock", 0, 700_000_000L));
    Document doc = parse(SvgTimeline.svg(spans));

    assertThat(withClass(doc, "text", "heading")).singleElement().extracting(Element::getTextContent)
        .isEqualTo("Timeline: 3 rows over 800.0 ms");
    assertThat(withClass(doc, "text", "axis-label")).singleElement().extracting(Element::getTextContent)
        .isEqualTo("time since the start");
    assertThat(withClass(doc, "text", "legend")).extracting(Element::getTextContent)
        .containsExactly("running", "blocked (lock)", "sleeping");
    // colours by kind, not by row: the two spans of task-1 differ, and each matches its legend swatch
    List<Element> bars = withClass(doc, "rect", "span");
    assertThat(bars).extracting(e -> e.getAttribute("data-kind")).containsExactlyInAnyOrder("run", "sleep", "lock");
    List<Element> swatches = withClass(doc, "rect", "swatch");
    for (Element bar : bars) {
      assertThat(swatches).extracting(e -> e.getAttribute("fill")).contains(bar.getAttribute("fill"));
    }
    assertThat(bars).extracting(e -> e.getAttribute("fill")).doesNotHaveDuplicates();
    // round ticks: 0.8 s is drawn on an axis of 0, 200 ms, ..., 800 ms
    assertThat(withClass(doc, "text", "tick")).extracting(Element::getTextContent)
        .containsExactly("0", "200.0 ms", "400.0 ms", "600.0 ms", "800.0 ms");
  }

  @Test
  void tickStep_isOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
    assertThat(SvgTimeline.tickStep(2_000_000_000L)).isEqualTo(500_000_000L);
    assertThat(SvgTimeline.tickStep(1_000_000_000L)).isEqualTo(200_000_000L);
    assertThat(SvgTimeline.tickStep(1_200_000_000L)).isEqualTo(250_000_000L);
    assertThat(SvgTimeline.tickStep(4_300_000_000L)).isEqualTo(1_000_000_000L);
    assertThat(SvgTimeline.tickStep(700_000L)).isEqualTo(200_000L);
    assertThat(SvgTimeline.tickStep(1)).isEqualTo(1);
    assertThat(SvgTimeline.tickStep(7)).isEqualTo(2);
  }

  @Test
  void svg_longLabelsAndNotes_widenTheCanvasSoNothingIsCutOff() throws Exception {
    String lane = "a-lane-with-a-really-long-name-".repeat(4);
    String note = "n".repeat(200);
    Document doc = parse(SvgTimeline.svg(List.of(new Span(lane, "x", 0, 10)), List.of(note)));

    int width = Integer.parseInt(doc.getDocumentElement().getAttribute("width"));
    assertThat(width).isGreaterThanOrEqualTo(8 * note.length());
    double barX = Double.parseDouble(withClass(doc, "rect", "span").getFirst().getAttribute("x"));
    // the whole label, not the terminal chart's shortened one, and the bars start after it
    assertThat(withClass(doc, "text", "lane")).singleElement().extracting(Element::getTextContent).isEqualTo(lane + ": x");
    assertThat(barX).isGreaterThanOrEqualTo(8.0 + 8.0 * (lane + ": x").length());
  }

  @Test
  void svg_aRunWhoseFirstSpanComesLate_startsTheAxisAtTheTickBeforeIt() throws Exception {
    Document doc = parse(SvgTimeline.svg(List.of(new Span("main", "work", 2_300_000_000L, 3_200_000_000L))));

    assertThat(withClass(doc, "text", "tick")).extracting(Element::getTextContent)
        .containsExactly("2.200 s", "2.400 s", "2.600 s", "2.800 s", "3.000 s", "3.200 s");
  }
}

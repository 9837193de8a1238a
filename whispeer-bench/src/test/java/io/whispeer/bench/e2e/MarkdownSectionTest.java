package io.whispeer.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownSectionTest {
    private static final String BEGIN = MarkdownSection.BEGIN;
    private static final String END = MarkdownSection.END;

    @Test
    void withoutMarkersTheSectionIsAppendedAtTheEndWithTheMarkers() {
        String doc = "# Benchmarks\n\nHand-written text.\n";
        assertThat(MarkdownSection.replace(doc, "Side by side", "| a |\n")).isEqualTo(
                "# Benchmarks\n\nHand-written text.\n\n## Side by side\n\n" + BEGIN + "\n| a |\n" + END + "\n");
    }

    @Test
    void onlyTheTextBetweenTheMarkersIsReplacedAndEverythingElseIsKept() {
        String doc = "# B\n\nbefore\n\n## Side by side\n\nIntro kept.\n" + BEGIN + "\nold 1\nold 2\n" + END + "\n\nafter\n";
        String replaced = MarkdownSection.replace(doc, "Side by side", "new");
        assertThat(replaced).isEqualTo("# B\n\nbefore\n\n## Side by side\n\nIntro kept.\n" + BEGIN + "\nnew\n" + END + "\n\nafter\n");
        assertThat(MarkdownSection.replace(replaced, "Side by side", "new")).as("idempotent").isEqualTo(replaced);
    }

    @Test
    void aSingleMarkerIsRefusedRatherThanGuessed() {
        assertThatThrownBy(() -> MarkdownSection.replace("x\n" + BEGIN + "\ny\n", "S", "b")).hasMessageContaining("but not '" + END);
        assertThatThrownBy(() -> MarkdownSection.replace(END + "\n" + BEGIN + "\n", "S", "b")).hasMessageContaining("before");
    }
}

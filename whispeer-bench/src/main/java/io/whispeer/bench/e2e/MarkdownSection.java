package io.whispeer.bench.e2e;

/**
 * Replaces the text between two marker lines of a Markdown document, so that a script can rewrite its own section
 * of a hand-written file and leave everything else as it was.
 */
final class MarkdownSection {
    /** The line before the generated text. */
    static final String BEGIN = "<!-- compare.sh: begin -->";
    /** The line after the generated text. */
    static final String END = "<!-- compare.sh: end -->";

    private MarkdownSection() {
    }

    /**
     * {@return {@code document} with the text between {@link #BEGIN} and {@link #END} replaced by {@code body}; when the
     * markers are absent, a new section titled {@code heading} holding the markers and {@code body} is appended at the
     * end}
     *
     * @throws IllegalArgumentException when only one marker is present, or END comes before BEGIN
     */
    static String replace(String document, String heading, String body) {
        String text = body.endsWith("\n") ? body : body + "\n";
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 && end < 0) {
            String separator = document.isEmpty() || document.endsWith("\n\n") ? "" : document.endsWith("\n") ? "\n" : "\n\n";
            return document + separator + "## " + heading + "\n\n" + BEGIN + "\n" + text + END + "\n";
        }
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("The document has " + (begin < 0 ? "'" + END + "' but not '" + BEGIN + "'"
                    : end < 0 ? "'" + BEGIN + "' but not '" + END + "'" : "'" + END + "' before '" + BEGIN + "'")
                    + "; restore both marker lines, begin first (or delete both to have the section appended again)");
        }
        int bodyStart = document.indexOf('\n', begin);
        if (bodyStart < 0 || bodyStart > end) {
            throw new IllegalArgumentException("'" + BEGIN + "' and '" + END + "' must be on lines of their own");
        }
        return document.substring(0, bodyStart + 1) + text + document.substring(end);
    }
}

package io.whispeer.tck;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Captures what whispeer logs during each test instead of printing it: for tests that make things fail on purpose
 * (a throwing handler or plugin, a refused provider), whose warnings and stack traces would otherwise bury the
 * console, and which can assert on what was logged. Register it on the test class:
 * <pre>{@code
 * @RegisterExtension
 * final CapturedLogs logs = new CapturedLogs();
 * ...
 * assertThat(logs.messages()).anyMatch(m -> m.contains("failed in onPublish"));
 * }</pre>
 * whispeer logs through {@link System.Logger}, which the JDK routes to {@code java.util.logging} unless the
 * application installs another {@code LoggerFinder}; this extension works with that default. It captures the
 * {@code io.whispeer} logger and everything under it, and restores the logger after each test.
 */
public final class CapturedLogs implements BeforeEachCallback, AfterEachCallback {
    private static final String ROOT = "io.whispeer";

    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Logger logger;
    private boolean parentHandlers;
    private Level level;

    /** Creates the extension; register it with {@code @RegisterExtension}. */
    public CapturedLogs() {
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        records.clear();
        logger = Logger.getLogger(ROOT);
        parentHandlers = logger.getUseParentHandlers();
        level = logger.getLevel();
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(parentHandlers);
        logger.setLevel(level);
    }

    /** {@return the records captured in this test so far} */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** {@return the messages captured in this test so far, each with its exception's message when it has one} */
    public List<String> messages() {
        return records.stream().map(r -> r.getMessage() + (r.getThrown() == null ? "" : " | " + r.getThrown())).toList();
    }
}

package io.whispeer.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Time and calls per side of a paired engine-against-raw benchmark (compression or encryption), reported by JMH as
 * secondary results ({@code engineNs}, {@code engineCalls}, {@code rawNs}, {@code rawCalls}) next to the score. The counters restart with every
 * iteration, so JMH's per-iteration values are that iteration's totals. Time per engine call is
 * {@code engineNs / engineCalls}, and the engine's overhead is that divided by {@code rawNs / rawCalls}.
 */
@AuxCounters(AuxCounters.Type.EVENTS)
@State(Scope.Thread)
public class PairedTiming {
    /** Nanoseconds spent in engine calls. */
    public long engineNs;
    /** Engine calls. */
    public long engineCalls;
    /** Nanoseconds spent in raw library calls. */
    public long rawNs;
    /** Raw library calls. */
    public long rawCalls;

    /** Restarts the counters. */
    @Setup(Level.Iteration)
    public void reset() {
        engineNs = 0;
        engineCalls = 0;
        rawNs = 0;
        rawCalls = 0;
    }
}

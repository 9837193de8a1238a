package io.whispeer.client;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one after the other, in submission order, on an underlying executor: state listeners see the changes in
 * the order they happened, and publish futures complete off the I/O thread in batches (one hand-off per burst, not
 * per message). A task that throws is logged and the next one runs.
 */
final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger("io.whispeer.client");
    private final Executor executor;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                executor.execute(this::drain);
            } catch (RejectedExecutionException e) {
                drain(); // the client is closing: run what is left here rather than lose it
            }
        }
    }

    private void drain() {
        while (true) {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.WARNING, "A whispeer client callback threw; it is ignored", e);
                }
            }
            scheduled.set(false);
            if (tasks.isEmpty() || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
    }
}

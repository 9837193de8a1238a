package io.whispeer.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.whispeer.api.Envelope;
import io.whispeer.api.spi.Plugin;

/** Records every published envelope, as a persistence or logging plugin would see it. */
final class CapturePlugin implements Plugin {
    final List<Envelope> published = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "capture";
    }

    @Override
    public void onPublish(Envelope envelope) {
        published.add(envelope);
    }

    Envelope last() {
        return published.get(published.size() - 1);
    }
}

package io.whispeer.transport.tcp;

import java.net.URI;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import io.whispeer.api.spi.Settings;
import io.whispeer.api.spi.TransportProvider;
import io.whispeer.tck.TransportCompatibilityKit;

class TlsTransportTest extends TransportCompatibilityKit {
    @TempDir
    static Path directory;
    static TestCertificates.Pem server;

    @BeforeAll
    static void createCertificate() throws Exception {
        server = TestCertificates.selfSigned(directory, "server");
    }

    @Override
    protected TransportProvider provider() {
        return new TcpTransportProvider();
    }

    @Override
    protected URI listenAddress() {
        return URI.create("tls://127.0.0.1:0");
    }

    @Override
    protected boolean usesTls() {
        return true;
    }

    @Override
    protected Settings settings(int maxFrameBytes) {
        return super.settings(maxFrameBytes).overriddenBy(server.settings());
    }
}

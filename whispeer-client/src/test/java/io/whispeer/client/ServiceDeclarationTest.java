package io.whispeer.client;

import io.whispeer.tck.ServiceDeclarationKit;

/** The client's {@code provides} line and its META-INF/services file agree. */
class ServiceDeclarationTest extends ServiceDeclarationKit {
}

package io.whispeer.core;

import io.whispeer.tck.ServiceDeclarationKit;

/** The core's {@code provides} lines and its META-INF/services file agree. */
class ServiceDeclarationTest extends ServiceDeclarationKit {
}

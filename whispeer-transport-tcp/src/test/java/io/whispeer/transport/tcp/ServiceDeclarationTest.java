package io.whispeer.transport.tcp;

import io.whispeer.tck.ServiceDeclarationKit;

class ServiceDeclarationTest extends ServiceDeclarationKit {
}

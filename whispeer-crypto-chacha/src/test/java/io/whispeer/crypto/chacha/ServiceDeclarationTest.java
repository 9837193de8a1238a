package io.whispeer.crypto.chacha;

import io.whispeer.tck.ServiceDeclarationKit;

class ServiceDeclarationTest extends ServiceDeclarationKit {
}

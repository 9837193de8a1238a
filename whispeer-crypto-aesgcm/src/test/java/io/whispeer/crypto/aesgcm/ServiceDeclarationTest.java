package io.whispeer.crypto.aesgcm;

import io.whispeer.tck.ServiceDeclarationKit;

class ServiceDeclarationTest extends ServiceDeclarationKit {
}

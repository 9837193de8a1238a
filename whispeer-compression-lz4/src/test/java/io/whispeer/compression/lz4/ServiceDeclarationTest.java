package io.whispeer.compression.lz4;

import io.whispeer.tck.ServiceDeclarationKit;

class ServiceDeclarationTest extends ServiceDeclarationKit {
}

package io.whispeer.compression.zstd;

import io.whispeer.tck.ServiceDeclarationKit;

class ServiceDeclarationTest extends ServiceDeclarationKit {
}

package io.whispeer.tck;

/** The TCK provides no services; the kit checks that no services file claims otherwise. */
class TckServiceDeclarationTest extends ServiceDeclarationKit {
}

package io.whispeer.cli;

import io.whispeer.api.spi.ClientProvider;

/** Whether a remote client implementation ({@code whispeer-client}) is on this test's module path or class path. */
final class RemoteClient {
    private RemoteClient() {
    }

    static boolean present() {
        String service = ClientProvider.class.getName();
        return ModuleLayer.boot().modules().stream()
                .anyMatch(m -> m.getDescriptor() != null && m.getDescriptor().provides().stream().anyMatch(p -> p.service().equals(service)))
                || ClassLoader.getSystemResource("META-INF/services/" + service) != null;
    }

    static final String MISSING = "whispeer-client is not merged yet: add it to whispeer-cli/pom.xml (runtime scope) once it is on main";
}

package io.whispeer.api;

import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import io.whispeer.api.spi.BrokerProvider;

/**
 * The entry point.
 *
 * <pre>{@code
 * try (Broker broker = Whispeer.builder()
 *         .topic("sensor/+/temperature", Temperature.class)
 *         .build()) {
 *     broker.subscribe("sensor/+/temperature", Temperature.class, msg -> System.out.println(msg.payload()));
 *     broker.publish("sensor/kitchen/temperature", new Temperature(21.5)).join();
 * }
 * }</pre>
 *
 * The broker implementation ({@code whispeer-core}) is found with {@link ServiceLoader}; codecs, engines and
 * plugins are discovered the same way, so behaviour changes with dependencies, not code.
 */
public final class Whispeer {
    /** Setting that picks a broker implementation when several are present. */
    public static final String BROKER_SETTING = "whispeer.broker";

    private Whispeer() {
    }

    /** {@return a builder with nothing chosen: everything not set explicitly is discovered} */
    public static BrokerBuilder builder() {
        return new BrokerBuilder();
    }

    /** {@return the same as {@link #builder()}, for code that only calls {@code build()} on it} */
    public static BrokerBuilder defaults() {
        return new BrokerBuilder();
    }

    static BrokerProvider brokerProvider() {
        List<BrokerProvider> found = ServiceLoader.load(BrokerProvider.class).stream().map(ServiceLoader.Provider::get).toList();
        String chosen = System.getProperty(BROKER_SETTING);
        if (chosen != null) {
            return found.stream().filter(p -> p.name().equals(chosen)).findFirst().orElseThrow(() -> new ConfigurationException(
                    BROKER_SETTING + "=" + chosen + ", but no broker implementation of that name is on the module path or class path. Found: "
                            + names(found) + "."));
        }
        if (found.isEmpty()) {
            throw new ConfigurationException("No whispeer broker implementation is on the module path or class path; add "
                    + "io.whispeer:whispeer-core (versions come from whispeer-bom).");
        }
        if (found.size() > 1) {
            throw new ConfigurationException("Several whispeer broker implementations are present: " + names(found)
                    + ". Keep one, or choose with -D" + BROKER_SETTING + "=<name>.");
        }
        return found.get(0);
    }

    private static String names(List<BrokerProvider> providers) {
        return providers.isEmpty() ? "none"
                : providers.stream().map(p -> p.name() + " (" + p.getClass().getName() + ")").collect(Collectors.joining(", "));
    }
}

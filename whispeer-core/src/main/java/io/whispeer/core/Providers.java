package io.whispeer.core;

import java.lang.module.ModuleDescriptor;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.WireIds;

/**
 * Checks and describes discovered providers. The {@code ServiceLoader} calls themselves stay literal in one class
 * per SPI ({@link CodecRegistry}, {@link CompressionRegistry}, {@link EncryptionRegistry}, {@link PluginRegistry}),
 * so javac checks them against the {@code uses} lines.
 */
final class Providers {
    private Providers() {
    }

    /**
     * Refuses duplicate names or ids, ids out of range, and third-party providers that claim a built-in name or id.
     */
    static <P> void validate(String spi, List<P> providers, Function<P, String> name, ToIntFunction<P> id) {
        Map<String, P> byName = new HashMap<>();
        Map<Integer, P> byId = new HashMap<>();
        for (P p : providers) {
            String n = name.apply(p);
            int i = id.applyAsInt(p);
            if (n == null || n.isBlank() || !n.equals(n.toLowerCase(java.util.Locale.ROOT))) {
                throw new ConfigurationException("The " + spi + " provider " + describe(p, name) + " has an invalid name '" + n
                        + "'; names are lowercase and not blank.");
            }
            if (i < 0 || i > WireIds.MAX) {
                throw new ConfigurationException("The " + spi + " provider " + describe(p, name) + " has wire id " + i
                        + "; ids are 0.." + WireIds.MAX + ", and third-party providers use " + WireIds.THIRD_PARTY_MIN + ".." + WireIds.MAX + ".");
            }
            String pkg = p.getClass().getPackageName();
            KnownProvider claimedName = KnownProvider.byName(spi, n).orElse(null);
            if (claimedName != null && !claimedName.pkg().equals(pkg)) {
                throw new ConfigurationException("The " + spi + " provider " + describe(p, name) + " claims the name '" + n
                        + "', which belongs to " + owner(claimedName) + ". Refusing it: remove that jar or rename its provider.");
            }
            KnownProvider claimedId = KnownProvider.byId(spi, i).orElse(null);
            if (claimedId != null ? !claimedId.pkg().equals(pkg) : i <= WireIds.BUILT_IN_MAX) {
                throw new ConfigurationException("The " + spi + " provider " + describe(p, name) + " claims wire id " + i
                        + ", which is reserved for whispeer's own " + spi + " engines (0.." + WireIds.BUILT_IN_MAX
                        + "). Refusing it: third-party providers use ids " + WireIds.THIRD_PARTY_MIN + ".." + WireIds.MAX + ".");
            }
            P previous = byName.putIfAbsent(n, p);
            if (previous != null) {
                throw new ConfigurationException("Two " + spi + " providers are named '" + n + "': " + describe(previous, name)
                        + " and " + describe(p, name) + ". Remove one of the jars.");
            }
            previous = byId.putIfAbsent(i, p);
            if (previous != null) {
                throw new ConfigurationException("Two " + spi + " providers use wire id " + i + ": " + describe(previous, name)
                        + " and " + describe(p, name) + ". Remove one of the jars.");
            }
        }
    }

    private static String owner(KnownProvider known) {
        return known.artifact() == null ? "whispeer-core" : known.artifact();
    }

    /** {@return "name (artifact version)" for error messages} */
    static <P> String describe(P provider, Function<P, String> name) {
        return name.apply(provider) + " (" + origin(provider.getClass()) + ")";
    }

    /** {@return a comma-separated description of every provider, or "none"} */
    static <P> String describeAll(List<P> providers, Function<P, String> name) {
        if (providers.isEmpty()) {
            return "none";
        }
        return providers.stream().sorted(Comparator.comparing(name)).map(p -> describe(p, name)).collect(Collectors.joining(", "));
    }

    /**
     * The artifact and version a class comes from: the artifact is derived from the package of whispeer's own
     * modules ({@code io.whispeer.codec.json} is {@code whispeer-codec-json}), else the module or jar name; the
     * version from the jar manifest or the module descriptor.
     */
    static String origin(Class<?> type) {
        String pkg = type.getPackageName();
        String artifact;
        if (pkg.startsWith("io.whispeer.")) {
            artifact = "whispeer-" + pkg.substring("io.whispeer.".length()).replace('.', '-');
        } else if (type.getModule().isNamed()) {
            artifact = type.getModule().getName();
        } else {
            artifact = jarName(type).orElse(type.getName());
        }
        return artifact + " " + version(type).orElse("(version unknown)");
    }

    private static Optional<String> version(Class<?> type) {
        Package pkg = type.getPackage();
        if (pkg != null && pkg.getImplementationVersion() != null) {
            return Optional.of(pkg.getImplementationVersion());
        }
        ModuleDescriptor descriptor = type.getModule().getDescriptor();
        return descriptor == null ? Optional.empty() : descriptor.rawVersion();
    }

    private static Optional<String> jarName(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return Optional.empty();
        }
        URL location = source.getLocation();
        String path = location.getPath();
        int slash = path.lastIndexOf('/', path.endsWith("/") ? path.length() - 2 : path.length() - 1);
        return Optional.of(path.substring(slash + 1));
    }

    /** Picks the element with the highest score; several at the top is an error built by {@code ambiguous}. */
    static <P> List<P> best(List<P> candidates, ToIntFunction<P> score) {
        int top = candidates.stream().mapToInt(score).max().orElse(Integer.MIN_VALUE);
        List<P> best = new ArrayList<>();
        for (P p : candidates) {
            if (score.applyAsInt(p) == top) {
                best.add(p);
            }
        }
        return best;
    }
}

package io.whispeer.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.whispeer.api.ConfigurationException;
import io.whispeer.api.spi.BuiltInProviders;

/**
 * Lists, checks and describes discovered providers. The {@code ServiceLoader.load} calls themselves stay literal in
 * one class per SPI ({@link CodecRegistry}, {@link CompressionRegistry}, {@link EncryptionRegistry},
 * {@link PluginRegistry}), so javac checks them against the {@code uses} lines; this class only iterates the loaders
 * they create, catching {@link ServiceConfigurationError} per provider so that one broken jar is named instead of
 * ending discovery with a bare error.
 */
final class Providers {
    private Providers() {
    }

    /**
     * Refuses duplicate names or ids, and any provider whose identity {@link BuiltInProviders#identityProblem} refuses
     * (an invalid name or id, or a built-in name or id claimed by another class than the built-in provider). When
     * the real built-in provider is present too, the message names both jars by their own locations.
     */
    static <P> void validate(String spi, List<P> providers, Function<P, String> name, ToIntFunction<P> id) {
        Map<String, P> byName = new HashMap<>();
        Map<Integer, P> byId = new HashMap<>();
        for (P p : providers) {
            String n = name.apply(p);
            int i = id.applyAsInt(p);
            Optional<String> problem = BuiltInProviders.identityProblem(spi, p.getClass(), n, i);
            if (problem.isPresent()) {
                String real = providers.stream().filter(o -> o != p && BuiltInProviders.identityProblem(spi, o.getClass(), name.apply(o),
                                id.applyAsInt(o)).isEmpty() && BuiltInProviders.byName(spi, name.apply(o)).isPresent()
                                && (name.apply(o).equals(n) || id.applyAsInt(o) == i))
                        .map(o -> " The real one is present too: " + describe(o, name) + ".").findFirst().orElse("");
                throw new ConfigurationException(problem.get() + real);
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

    /** {@return "name (class, artifact version from location)" for error messages} */
    static <P> String describe(P provider, Function<P, String> name) {
        return BuiltInProviders.describe(provider.getClass(), name.apply(provider));
    }

    /** {@return a comma-separated description of every provider, or "none"} */
    static <P> String describeAll(List<P> providers, Function<P, String> name) {
        if (providers.isEmpty()) {
            return "none";
        }
        return providers.stream().sorted(Comparator.comparing(name)).map(p -> describe(p, name)).collect(Collectors.joining(", "));
    }

    /** {@return the artifact, version and location a class comes from: {@link BuiltInProviders#origin}} */
    static String origin(Class<?> type) {
        return BuiltInProviders.origin(type);
    }

    /** Stops a discovery loop whose loader keeps failing instead of moving on to the next provider. */
    private static final int MAX_BROKEN_PROVIDERS = 100;
    private static final Pattern PROVIDER_IN_MESSAGE = Pattern.compile("Provider (\\S+) ");

    /**
     * The providers a loader lists, each not yet instantiated. A listed provider that cannot be loaded (its class
     * is missing or is not a subtype, its services file is malformed) is described to {@code broken} and skipped.
     *
     * @param loader the loader, created by a literal {@code ServiceLoader.load(X.class)} in the SPI's registry
     * @param spi    the service type, to find the services files that list a broken provider
     * @param broken receives "what failed, where it is listed, and why" per broken provider
     */
    static <S> List<ServiceLoader.Provider<S>> list(ServiceLoader<S> loader, Class<S> spi, Consumer<String> broken) {
        List<ServiceLoader.Provider<S>> found = new ArrayList<>();
        Iterator<ServiceLoader.Provider<S>> providers = loader.stream().iterator();
        int failures = 0;
        while (true) {
            try {
                if (!providers.hasNext()) {
                    return found;
                }
                found.add(providers.next());
            } catch (ServiceConfigurationError e) {
                broken.accept(describeBroken(spi, e));
                if (++failures >= MAX_BROKEN_PROVIDERS) {
                    return found;
                }
            }
        }
    }

    /**
     * Instantiates a provider, describing a constructor that throws to {@code broken}.
     *
     * @return the provider, or empty when it could not be constructed
     */
    static <S> Optional<S> instantiate(ServiceLoader.Provider<S> provider, Class<S> spi, Consumer<String> broken) {
        try {
            return Optional.of(provider.get());
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            Throwable cause = e instanceof ServiceConfigurationError && e.getCause() != null ? e.getCause() : e;
            broken.accept("the " + spi.getSimpleName() + " " + provider.type().getName() + " (" + origin(provider.type())
                    + ") could not be constructed: " + cause);
            return Optional.empty();
        }
    }

    /** {@return every provider a loader lists that could be loaded and constructed; the others go to {@code broken}} */
    static <S> List<S> loadAll(ServiceLoader<S> loader, Class<S> spi, Consumer<String> broken) {
        List<S> all = new ArrayList<>();
        for (ServiceLoader.Provider<S> provider : list(loader, spi, broken)) {
            instantiate(provider, spi, broken).ifPresent(all::add);
        }
        return all;
    }

    /** {@return a consumer that logs a skipped provider as a WARNING} */
    static Consumer<String> skipWithWarning(String spi) {
        return problem -> CoreBroker.LOG.log(System.Logger.Level.WARNING, "Skipping a " + spi + " provider: " + problem
                + ". Fix or remove that jar; the " + spi + " providers that loaded are used.");
    }

    /** {@return a consumer that fails the build for a broken provider} */
    static Consumer<String> failBuild(String spi, String why) {
        return problem -> {
            throw new ConfigurationException(Character.toUpperCase(spi.charAt(0)) + spi.substring(1) + " provider cannot be loaded: "
                    + problem + ". " + why
                    + " Fix or remove that jar.");
        };
    }

    /** Describes a provider that failed while being listed, with the services files (jars) that name it. */
    private static String describeBroken(Class<?> spi, ServiceConfigurationError e) {
        Matcher m = PROVIDER_IN_MESSAGE.matcher(String.valueOf(e.getMessage()));
        String where = "";
        if (m.find()) {
            List<String> files = servicesFilesListing(spi, m.group(1));
            if (!files.isEmpty()) {
                where = " (listed in " + String.join(", ", files) + ")";
            }
        }
        Throwable cause = e.getCause();
        return e.getMessage() + where + (cause == null ? "" : ": " + cause);
    }

    /** {@return the URLs of the class-path services files of {@code spi} that list {@code className}} */
    static List<String> servicesFilesListing(Class<?> spi, String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ClassLoader.getSystemClassLoader();
        }
        List<String> files = new ArrayList<>();
        try {
            Enumeration<URL> resources = loader.getResources("META-INF/services/" + spi.getName());
            while (resources.hasMoreElements()) {
                URL url = resources.nextElement();
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    if (reader.lines().map(line -> line.replaceFirst("#.*", "").trim()).anyMatch(className::equals)) {
                        files.add(url.toString());
                    }
                }
            }
        } catch (IOException | UncheckedIOException e) {
            CoreBroker.LOG.log(System.Logger.Level.DEBUG, "Cannot read the services files of " + spi.getName(), e);
        }
        return files;
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

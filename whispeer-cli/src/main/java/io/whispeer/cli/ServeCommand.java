package io.whispeer.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.whispeer.api.Broker;
import io.whispeer.api.BrokerBuilder;
import io.whispeer.api.Whispeer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code whispeer serve}: a whispeer server on TCP and WebSocket until SIGTERM or Ctrl-C. It routes sealed envelopes
 * and holds no keys. Prints one {@code endpoint <uri>} line per listener, then {@code ready}; on SIGTERM or Ctrl-C it
 * closes the broker, prints {@code stopped} and exits with status 0.
 */
@Command(name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = WhispeerCommand.Version.class,
        description = {
            "Runs a whispeer server: TCP on 0.0.0.0:7420 and WebSocket on 0.0.0.0:7421/whispeer unless told otherwise.",
            "It routes sealed envelopes and never holds a key. Stop it with SIGTERM or Ctrl-C."},
        footer = {
            "",
            "Precedence, lowest first: defaults, the --config file, --set, then",
            "--tcp, --ws, --anonymous and --auth-file.",
            "",
            "Config file (YAML; every key is optional):",
            "  tcp: 0.0.0.0:7420            # host:port, a URI (tls://...) or off",
            "  ws: 0.0.0.0:7421/whispeer    # host:port/path, a URI (wss://...) or off",
            "  listeners: [tls://0.0.0.0:7443]   # further listener URIs",
            "  anonymous: false             # whispeer.server.auth.anonymous",
            "  auth-file: /etc/whispeer/auth    # whispeer.server.auth.file",
            "  settings:                    # any whispeer.* setting",
            "    whispeer.server.keep-alive: 30s",
            "    whispeer.server.max-connections: 5000",
            "",
            "Output: one 'endpoint <uri>' line per listener (ephemeral ports",
            "resolved), then 'ready'; 'stopped' once closed by SIGTERM or Ctrl-C.",
            "Exit status: 0 when stopped so, 1 on a bad configuration or a port",
            "in use, 2 on a usage error."})
final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--tcp", paramLabel = "HOST:PORT|off", description = "TCP listener (default 0.0.0.0:7420); port 0 picks a free port.")
    String tcp;

    @Option(names = "--ws", paramLabel = "HOST:PORT/PATH|off", description = "WebSocket listener (default 0.0.0.0:7421/whispeer).")
    String ws;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (format below).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any whispeer.* setting, such as whispeer.server.keep-alive=30s. Repeatable.")
    List<String> set = new ArrayList<>();

    @Option(names = "--anonymous", description = "Let clients connect without credentials (local development).")
    boolean anonymous;

    @Option(names = "--auth-file", paramLabel = "FILE", description = "Users, tokens and ACLs (sets whispeer.server.auth.file).")
    Path authFile;

    /** {@return the plan these flags and the config file describe} */
    ServerPlan plan() {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String keyValue : set) {
            Map.Entry<String, String> e = ServerPlan.setting(keyValue);
            settings.put(e.getKey(), e.getValue());
        }
        ServeConfig file = config == null ? ServeConfig.none() : ServeConfig.load(config);
        return ServerPlan.resolve(file, new ServerPlan.Flags(Optional.ofNullable(tcp), Optional.ofNullable(ws), settings, anonymous,
                Optional.ofNullable(authFile)));
    }

    @Override
    public Integer call() {
        ServerPlan plan = plan();
        PrintWriter out = spec.commandLine().getOut();
        BrokerBuilder builder = Whispeer.builder().properties(plan.settings());
        plan.listeners().forEach(builder::transport);
        Broker broker = builder.build();
        CountDownLatch stopped = new CountDownLatch(1);
        // The JVM runs this on SIGTERM and Ctrl-C. A signal's exit status would be 128 + signal; a clean stop is 0, so
        // the hook halts with 0 once the broker is closed (nothing else in this process needs the shutdown sequence).
        PrintWriter err = spec.commandLine().getErr();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("whispeer-serve-shutdown").unstarted(() -> {
            int status = 0;
            try {
                broker.close();
                out.println("stopped");
            } catch (RuntimeException e) {
                err.println("whispeer serve: the broker did not close cleanly: " + e);
                status = 1;
            } finally {
                out.flush();
                err.flush();
                stopped.countDown();
                Runtime.getRuntime().halt(status);
            }
        }));
        for (URI endpoint : broker.endpoints()) {
            out.println("endpoint " + endpoint);
        }
        out.println("ready");
        out.flush();
        while (true) {
            try {
                stopped.await();
                return 0;
            } catch (InterruptedException e) {
                // Only the shutdown hook ends serve; keep waiting for it.
            }
        }
    }
}

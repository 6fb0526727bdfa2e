package io.leakwarden.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.opensearch.common.settings.Settings;
import org.opensearch.core.common.transport.TransportAddress;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.plugins.Plugin;

/**
 * A single OpenSearch 2.19 node embedded in a plain JVM, bound to loopback.
 *
 * <p>Usage: {@code java -cp ... io.leakwarden.engine.OpenSearchNode --http-port 9200
 * --transport-port 9300 --data DIR --home DIR [--cluster-name NAME]
 * [--node-name NAME] [-E key=value ...]}. Every option can also be given as a
 * system property {@code leakwarden.http.port}, {@code leakwarden.transport.port},
 * {@code leakwarden.data}, {@code leakwarden.home}, {@code leakwarden.cluster.name},
 * {@code leakwarden.node.name}.
 *
 * <p>Unless overridden with {@code -D}, sets the system properties that the
 * distribution's launcher sets ({@code opensearch.distribution.type=tar},
 * {@code opensearch.bundled_jdk=true}).
 *
 * <p>Prints {@code READY http://127.0.0.1:PORT} on stdout once the node has
 * started. Closes the node on SIGTERM (shutdown hook) and exits when stdin
 * reaches EOF, so the JVM dies with the process that started it.
 */
public final class OpenSearchNode {

    /** Node subclass that can be given the plugins found on the classpath. */
    static final class EmbeddedNode extends Node {
        EmbeddedNode(Environment environment, Collection<Class<? extends Plugin>> plugins) {
            super(environment, plugins, true);
        }
    }

    private OpenSearchNode() {}

    /** Plugins (modules of the distribution) that are on the classpath. */
    private static final String[] PLUGIN_CLASSES = {
        "org.opensearch.transport.Netty4Plugin",
        "org.opensearch.index.mapper.MapperExtrasPlugin",
        "org.opensearch.analysis.common.CommonAnalysisPlugin",
        "org.opensearch.painless.PainlessPlugin",
        "org.opensearch.knn.plugin.KNNPlugin",
    };

    public static void main(String[] args) throws InterruptedException {
        CountDownLatch stopped;
        try {
            stopped = start(args);
        } catch (Throwable t) {
            // the node's threads would keep the JVM alive: exit (closing the node)
            System.err.println("node failed to start:");
            t.printStackTrace();
            System.exit(1);
            return;
        }
        stopped.await();
    }

    private static CountDownLatch start(String[] args) throws Exception {
        // What the distribution's bin/opensearch-env passes to the JVM; without
        // them GET / reports build_type "unknown". Override with -D.
        defaultProperty("opensearch.distribution.type", "tar");
        defaultProperty("opensearch.bundled_jdk", "true");
        Map<String, String> opts = parseArgs(args);
        String httpPort = opt(opts, "http-port", "leakwarden.http.port", "9200");
        String transportPort = opt(opts, "transport-port", "leakwarden.transport.port", "9300");
        String clusterName = opt(opts, "cluster-name", "leakwarden.cluster.name", "leakwarden-demo");
        String nodeName = opt(opts, "node-name", "leakwarden.node.name", "leakwarden-opensearch-node");
        Path home = Paths.get(opt(opts, "home", "leakwarden.home", "opensearch-home")).toAbsolutePath();
        Path data = Paths.get(opt(opts, "data", "leakwarden.data", home.resolve("data").toString())).toAbsolutePath();
        Files.createDirectories(home.resolve("config"));
        Files.createDirectories(home.resolve("plugins"));
        Files.createDirectories(data);

        Settings.Builder settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", data.toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", clusterName)
            .put("node.name", nodeName)
            .put("network.host", "127.0.0.1")
            .put("http.port", httpPort)
            .put("transport.port", transportPort)
            .put("discovery.type", "single-node")
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            .put("cluster.routing.allocation.disk.threshold_enabled", false);
        for (Map.Entry<String, String> e : extraSettings(args).entrySet()) {
            settings.put(e.getKey(), e.getValue());
        }

        List<Class<? extends Plugin>> plugins = loadPlugins();
        Environment env = InternalSettingsPreparer.prepareEnvironment(
            settings.build(), Collections.emptyMap(), null, () -> nodeName);
        EmbeddedNode node = new EmbeddedNode(env, plugins);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
                node.awaitClose(20, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException | RuntimeException e) {
                System.err.println("error while closing node: " + e);
            } finally {
                stopped.countDown();
            }
        }, "leakwarden-shutdown"));
        watchStdin();

        node.start();
        TransportAddress bound = node.injector().getInstance(HttpServerTransport.class)
            .boundAddress().publishAddress();
        PrintStream out = System.out;
        out.println("READY http://127.0.0.1:" + bound.getPort());
        out.flush();
        return stopped;
    }

    @SuppressWarnings("unchecked")
    private static List<Class<? extends Plugin>> loadPlugins() {
        List<Class<? extends Plugin>> plugins = new ArrayList<>();
        for (String name : PLUGIN_CLASSES) {
            try {
                plugins.add((Class<? extends Plugin>) Class.forName(name));
            } catch (ClassNotFoundException e) {
                // optional module not on the classpath
            }
        }
        return plugins;
    }

    /** Exit (running the shutdown hook) once stdin is closed by the parent. */
    private static void watchStdin() {
        Thread t = new Thread(() -> {
            InputStream in = System.in;
            byte[] buf = new byte[256];
            try {
                while (in.read(buf) >= 0) {
                    // ignore input
                }
            } catch (IOException e) {
                // treat as EOF
            }
            System.exit(0);
        }, "leakwarden-stdin-watch");
        t.setDaemon(true);
        t.start();
    }

    private static Map<String, String> parseArgs(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-E")) {
                i++;
            } else if (a.startsWith("--")) {
                String key = a.substring(2);
                int eq = key.indexOf('=');
                if (eq >= 0) {
                    opts.put(key.substring(0, eq), key.substring(eq + 1));
                } else if (i + 1 < args.length) {
                    opts.put(key, args[++i]);
                } else {
                    throw new IllegalArgumentException("missing value for " + a);
                }
            } else {
                throw new IllegalArgumentException("unknown argument " + a);
            }
        }
        return opts;
    }

    private static Map<String, String> extraSettings(String[] args) {
        Map<String, String> extra = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String kv = null;
            if (a.equals("-E") && i + 1 < args.length) {
                kv = args[++i];
            } else if (a.startsWith("-E") && a.length() > 2) {
                kv = a.substring(2);
            }
            if (kv != null) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("setting must be key=value: " + kv);
                }
                extra.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return extra;
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static String opt(Map<String, String> opts, String key, String sysprop, String dflt) {
        String v = opts.get(key);
        if (v == null) {
            v = System.getProperty(sysprop);
        }
        return v == null ? dflt : v;
    }
}

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * orgnet's local Neo4j: a Neo4j Community database embedded in this JVM with
 * its Bolt connector on 127.0.0.1. It prints one line containing "ready" once
 * Bolt accepts connections and shuts the database down cleanly on SIGTERM or
 * SIGINT, so a Ctrl-C never leaves a store that needs recovery.
 *
 * Usage: LocalNeo4j --port P --data DIR [--pagecache SIZE] [--password PW]
 * With --password, authentication is on and the user neo4j has that password.
 */
public final class LocalNeo4j {
    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        int port = Integer.parseInt(opts.getOrDefault("port", "7687"));
        Path data = Path.of(opts.getOrDefault("data", "neo4j-data")).toAbsolutePath();
        String password = opts.get("password");

        long started = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(data)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Small, lazily grown transaction logs: a test store should not
                // take half a gigabyte of disk before the first write.
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.logical_log_rotation_threshold, ByteUnit.mebiBytes(64))
                // The store is checkpointed before Bolt stops; waiting 5 s twice for
                // idle Bolt threads only delays Ctrl-C.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.parse(opts.getOrDefault("pagecache", "256m")))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("orgnet-neo4j: shutting down");
            dbms.shutdown();
            System.out.println("orgnet-neo4j: stopped cleanly");
            System.out.flush();
            stopped.countDown();
        }, "orgnet-neo4j-shutdown"));

        if (password != null) {
            // Neo4j's default user starts with a password that must change;
            // set the requested one so drivers can log in at once.
            dbms.database("system").executeTransactionally(
                    "ALTER USER neo4j IF EXISTS SET PASSWORD $pw CHANGE NOT REQUIRED",
                    Map.of("pw", password));
        }

        waitForBolt(port, Duration.ofSeconds(60));
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("orgnet-neo4j: ready bolt://127.0.0.1:%d data=%s auth=%s startup_ms=%d%n",
                port, data, password != null ? "on" : "off", ms);
        System.out.flush();
        stopped.await();
    }

    private static void waitForBolt(int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        System.err.println("orgnet-neo4j: Bolt did not answer on port " + port);
        System.exit(1);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || i + 1 >= args.length) {
                System.err.println("usage: LocalNeo4j --port P --data DIR [--pagecache SIZE] [--password PW]");
                System.exit(2);
            }
            opts.put(a.substring(2), args[++i]);
        }
        return opts;
    }
}

package io.astraclear.node.metrics;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The node's Prometheus registry: JVM metrics, Vert.x's own (HTTP, worker and SQL pools) when the
 * node's {@link Vertx} was made by {@link #newVertx()}, the hub's ({@link HubMetrics}) and the API's
 * requests by route and status.
 */
public final class NodeMetrics {
    private static final Map<Vertx, PrometheusMeterRegistry> REGISTRIES = Collections.synchronizedMap(new WeakHashMap<>());

    private final PrometheusMeterRegistry registry;

    private NodeMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    /** A Vert.x instance reporting its pools, HTTP server and event loops into the node's registry. */
    public static Vertx newVertx() {
        PrometheusMeterRegistry registry = newRegistry();
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        REGISTRIES.put(vertx, registry);
        return vertx;
    }

    /**
     * The registry of a Vert.x made by {@link #newVertx()}; for any other Vert.x (tests, embedders),
     * a registry of its own without Vert.x's internal metrics.
     */
    public static NodeMetrics forVertx(Vertx vertx) {
        PrometheusMeterRegistry registry = REGISTRIES.get(vertx);
        return new NodeMetrics(registry != null ? registry : newRegistry());
    }

    private static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    /** One API request: {@code astra_http_requests_seconds{method,route,status}}. */
    public void httpRequest(String method, String route, int status, long nanos) {
        Timer.builder("astra_http_requests").description("API requests by route template and status")
                .tag("method", method).tag("route", route).tag("status", Integer.toString(status))
                .register(registry).record(Duration.ofNanos(nanos));
    }
}

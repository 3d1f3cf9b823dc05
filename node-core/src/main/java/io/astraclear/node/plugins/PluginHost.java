package io.astraclear.node.plugins;

import io.astraclear.ports.netting.NettingStrategy;
import io.astraclear.ports.signing.SignerProvider;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugin jars of one directory with PF4J, each in its own class loader, and hands out
 * their {@link SignerProvider} and {@link NettingStrategy} extensions by id.
 *
 * <p>Start-up is all or nothing: a jar that is not a valid plugin, a plugin that does not start,
 * an extension that cannot be loaded or constructed, or a plugin that provides no extension at
 * all fails {@link #start} with a {@link PluginStartupException} that names the jar and plugin.
 * Selecting an id that no plugin provides fails the same way and lists what is available. Every
 * extension is constructed once, at start-up; the host is immutable and thread-safe afterwards.
 */
public final class PluginHost implements AutoCloseable {
    /** A bound on the directory, so a wrong path (say, a home directory) fails instead of loading all of it. */
    public static final int MAX_PLUGIN_JARS = 64;
    private static final int MAX_CAUSES_IN_MESSAGE = 4;
    private static final Logger log = LoggerFactory.getLogger(PluginHost.class);

    private final Path directory;
    private final PluginManager pluginManager;
    private final List<PluginInfo> plugins;
    private final ExtensionCatalog<SignerProvider> signerProviders;
    private final ExtensionCatalog<NettingStrategy> nettingStrategies;
    private final Map<Object, PluginInfo> pluginByExtension;
    private boolean closed;

    private PluginHost(Path directory, PluginManager pluginManager, List<PluginInfo> plugins,
            ExtensionCatalog<SignerProvider> signerProviders, ExtensionCatalog<NettingStrategy> nettingStrategies) {
        this.directory = directory;
        this.pluginManager = pluginManager;
        this.plugins = List.copyOf(plugins);
        this.signerProviders = signerProviders;
        this.nettingStrategies = nettingStrategies;
        this.pluginByExtension = new IdentityHashMap<>();
        signerProviders.entries().forEach(entry -> pluginByExtension.put(entry.instance(), entry.plugin()));
        nettingStrategies.entries().forEach(entry -> pluginByExtension.put(entry.instance(), entry.plugin()));
    }

    /**
     * Loads and starts every {@code *.jar} directly in {@code pluginsDirectory} (the node's
     * {@code plugins.directory}), in file-name order.
     *
     * @throws PluginStartupException naming the directory, jar or plugin that is missing or broken
     */
    public static PluginHost start(Path pluginsDirectory) {
        Path directory = pluginsDirectory.toAbsolutePath().normalize();
        if (!Files.isDirectory(directory)) {
            throw new PluginStartupException("plugins directory " + directory + " (plugins.directory) does not exist or is not a directory");
        }
        List<Path> jars = listJars(directory);
        JarPluginManager pluginManager = new JarPluginManager(directory);
        try {
            List<PluginWrapper> wrappers = loadAndStart(pluginManager, directory, jars);
            List<PluginInfo> plugins = new ArrayList<>();
            List<ExtensionCatalog.Entry<SignerProvider>> signerProviders = new ArrayList<>();
            List<ExtensionCatalog.Entry<NettingStrategy>> nettingStrategies = new ArrayList<>();
            for (PluginWrapper wrapper : wrappers) {
                List<Constructed> extensions = constructExtensions(pluginManager, wrapper);
                PluginInfo plugin = new PluginInfo(wrapper.getPluginId(), wrapper.getDescriptor().getVersion(),
                        wrapper.getDescriptor().getProvider(), wrapper.getPluginPath(),
                        extensions.stream().map(Constructed::extension).toList());
                plugins.add(plugin);
                for (Constructed constructed : extensions) {
                    switch (constructed.extension().kind()) {
                        case SIGNER -> signerProviders.add(
                                new ExtensionCatalog.Entry<>(plugin, constructed.extension(), (SignerProvider) constructed.instance()));
                        case NETTING -> nettingStrategies.add(
                                new ExtensionCatalog.Entry<>(plugin, constructed.extension(), (NettingStrategy) constructed.instance()));
                    }
                }
                log.info("loaded {} from {}: {}", plugin.describe(), directory, plugin.extensions());
            }
            return new PluginHost(directory, pluginManager, plugins,
                    new ExtensionCatalog<>(PluginKind.SIGNER, directory, signerProviders),
                    new ExtensionCatalog<>(PluginKind.NETTING, directory, nettingStrategies));
        } catch (RuntimeException | Error e) {
            pluginManager.unloadPlugins();
            throw e;
        }
    }

    public Path directory() {
        return directory;
    }

    /** Every loaded plugin, in plugin-id order. */
    public List<PluginInfo> plugins() {
        return plugins;
    }

    /**
     * The signer provider configured as {@code plugins.signer}: an extension id such as
     * {@code secp256k1-bouncycastle}, or the id of a plugin with exactly one signer provider.
     *
     * @throws PluginStartupException naming the id and listing the available providers
     */
    public SignerProvider signerProvider(String id) {
        return signerProviders.select(id);
    }

    /**
     * The netting strategy configured as {@code plugins.netting}: an extension id such as
     * {@code bilateral}, or the id of a plugin with exactly one netting strategy.
     *
     * @throws PluginStartupException naming the id and listing the available strategies
     */
    public NettingStrategy nettingStrategy(String id) {
        return nettingStrategies.select(id);
    }

    /** The plugin an extension handed out by this host came from, for messages and audit records. */
    public Optional<PluginInfo> pluginOf(Object extension) {
        return Optional.ofNullable(pluginByExtension.get(extension));
    }

    /**
     * Stops and unloads every plugin and closes their class loaders. Uses
     * {@code unloadPlugins()}: PF4J 3.15's {@code stopPlugins()} throws ConcurrentModificationException.
     */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            pluginManager.unloadPlugins();
        }
    }

    private static List<Path> listJars(Path directory) {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.jar")) {
            for (Path entry : entries) {
                if (Files.isRegularFile(entry)) {
                    jars.add(entry);
                }
                if (jars.size() > MAX_PLUGIN_JARS) {
                    throw new PluginStartupException("plugins directory " + directory + " holds more than " + MAX_PLUGIN_JARS
                            + " jars; is plugins.directory the right path?");
                }
            }
        } catch (IOException e) {
            throw new PluginStartupException("cannot list plugins directory " + directory + ": " + e, e);
        }
        jars.sort(Comparator.comparing(jar -> jar.getFileName().toString()));
        return jars;
    }

    private static List<PluginWrapper> loadAndStart(PluginManager pluginManager, Path directory, List<Path> jars) {
        for (Path jar : jars) {
            try {
                pluginManager.loadPlugin(jar);
            } catch (RuntimeException e) {
                // PF4J's own loadPlugins() would only log this and carry on without the plugin.
                throw new PluginStartupException("plugin jar " + jar.getFileName() + " in " + directory
                        + " is not a loadable PF4J plugin: " + causes(e), e);
            }
        }
        pluginManager.startPlugins();
        List<PluginWrapper> wrappers = new ArrayList<>(pluginManager.getPlugins());
        wrappers.sort(Comparator.comparing(PluginWrapper::getPluginId));
        for (PluginWrapper wrapper : wrappers) {
            if (wrapper.getPluginState() != PluginState.STARTED) {
                Throwable failure = wrapper.getFailedException();
                throw new PluginStartupException(describe(wrapper) + " did not start (state " + wrapper.getPluginState() + ")"
                        + (failure == null ? "" : ": " + causes(failure)), failure);
            }
        }
        return wrappers;
    }

    private record Constructed(PluginExtension extension, Object instance) {}

    private static List<Constructed> constructExtensions(PluginManager pluginManager, PluginWrapper wrapper) {
        List<Constructed> extensions = new ArrayList<>();
        for (String className : new TreeSet<>(pluginManager.getExtensionClassNames(wrapper.getPluginId()))) {
            Class<?> type;
            try {
                type = wrapper.getPluginClassLoader().loadClass(className);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new PluginStartupException(describe(wrapper) + " lists extension " + className
                        + " in META-INF/extensions.idx, but it cannot be loaded: " + causes(e), e);
            }
            Optional<PluginKind> kind = kindOf(type);
            if (kind.isEmpty()) {
                rejectForeignCopiesOfPorts(wrapper, type);
                log.warn("{} provides extension {} of no extension point this node knows; ignored", describe(wrapper), className);
                continue;
            }
            Object instance;
            try {
                instance = pluginManager.getExtensionFactory().create(type);
            } catch (Exception | LinkageError e) {
                throw new PluginStartupException(describe(wrapper) + " failed to construct its " + kind.get().label() + " "
                        + className + ": " + causes(e), e);
            }
            if (instance == null) {
                throw new PluginStartupException(describe(wrapper) + " failed to construct its " + kind.get().label() + " " + className);
            }
            extensions.add(new Constructed(describeExtension(wrapper, kind.get(), className, instance), instance));
        }
        if (extensions.isEmpty()) {
            throw new PluginStartupException(describe(wrapper) + " provides no " + PluginKind.SIGNER.label() + " and no "
                    + PluginKind.NETTING.label() + ". Its META-INF/extensions.idx lists no such class: is the class annotated"
                    + " @org.pf4j.Extension and did the build run org.pf4j.processor.ExtensionAnnotationProcessor"
                    + " (on JDK 23+ it must be named in annotationProcessorPaths)?");
        }
        return extensions;
    }

    private static Optional<PluginKind> kindOf(Class<?> type) {
        for (PluginKind kind : PluginKind.values()) {
            if (kind.extensionPoint().isAssignableFrom(type)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** A plugin that bundles astra-ports implements its own copy of our interfaces, invisible to the node. */
    private static void rejectForeignCopiesOfPorts(PluginWrapper wrapper, Class<?> type) {
        for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
            for (Class<?> implemented : candidate.getInterfaces()) {
                for (PluginKind kind : PluginKind.values()) {
                    if (implemented.getName().equals(kind.extensionPoint().getName())) {
                        throw new PluginStartupException(describe(wrapper) + " implements " + implemented.getName()
                                + " from its own copy of the astra-ports classes, so the node cannot use " + type.getName()
                                + ": build the plugin with astra-ports at provided scope and do not bundle it");
                    }
                }
            }
        }
    }

    private static PluginExtension describeExtension(PluginWrapper wrapper, PluginKind kind, String className, Object instance) {
        Function<Object, String> id = kind == PluginKind.SIGNER ? e -> ((SignerProvider) e).id() : e -> ((NettingStrategy) e).id();
        Function<Object, String> version =
                kind == PluginKind.SIGNER ? e -> ((SignerProvider) e).version() : e -> ((NettingStrategy) e).version();
        try {
            return new PluginExtension(kind, id.apply(instance), version.apply(instance), className);
        } catch (RuntimeException e) {
            throw new PluginStartupException(describe(wrapper) + " has a " + kind.label() + " " + className
                    + " without a usable id and version: " + causes(e), e);
        }
    }

    private static String describe(PluginWrapper wrapper) {
        return "plugin " + wrapper.getPluginId() + " " + wrapper.getDescriptor().getVersion() + " ("
                + wrapper.getPluginPath().getFileName() + ")";
    }

    /** The chain of causes, each as {@code Type: message}, so the root cause shows in one line. */
    static String causes(Throwable throwable) {
        StringBuilder text = new StringBuilder();
        Throwable current = throwable;
        for (int depth = 0; current != null && depth < MAX_CAUSES_IN_MESSAGE; depth++) {
            Throwable cause = current.getCause();
            if (cause != null && cause != current && cause.toString().equals(current.getMessage())) {
                current = cause; // a bare wrapper (new XException(cause)) adds nothing to read
                continue;
            }
            if (text.length() > 0) {
                text.append(" <- ");
            }
            text.append(current.getClass().getSimpleName());
            if (current.getMessage() != null) {
                text.append(": ").append(current.getMessage());
            }
            current = current.getCause() == current ? null : current.getCause();
        }
        return text.toString();
    }
}

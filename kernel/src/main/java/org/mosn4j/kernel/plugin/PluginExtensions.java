package org.mosn4j.kernel.plugin;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.mosn4j.spi.TypedExtension;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a started plugin's {@code META-INF/extensions.idx} from its own jar and creates each extension the
 * kernel knows, reporting what is wrong with the jar by its file name: no index, a listed class that cannot
 * be loaded or created, or an extension compiled against the plugin's own copy of the SPI.
 *
 * <p>PF4J itself logs such problems and goes on without the extension (and looks the index up through the
 * kernel's classloader when the jar has none), which would turn a broken jar into a confusing missing-type
 * error later; so the kernel reads the index itself. Called on the thread loading the plugin.
 */
final class PluginExtensions {

    static final String INDEX = "META-INF/extensions.idx";

    private static final Logger LOG = LoggerFactory.getLogger(PluginExtensions.class);

    private PluginExtensions() {
    }

    /**
     * @param plugin a started plugin
     * @param factory creates extension instances
     * @return its extensions by kind
     * @throws PluginLoadException listing every problem, each naming the jar
     */
    static Map<ExtensionKind, List<TypedExtension>> create(PluginWrapper plugin, ExtensionFactory factory)
            throws PluginLoadException {
        String jar = jarName(plugin);
        ClassLoader loader = plugin.getPluginClassLoader();
        List<String> classNames = readIndex(plugin, jar, loader);
        Map<ExtensionKind, List<TypedExtension>> out = new EnumMap<>(ExtensionKind.class);
        List<String> problems = new ArrayList<>();
        for (String className : classNames) {
            try {
                Class<?> type = load(className, loader);
                List<ExtensionKind> kinds = kindsOf(type);
                if (kinds.isEmpty()) {
                    checkForeignSpi(type, className);
                    LOG.debug("{}: {} is not a mosn4j extension; ignored", jar, className);
                    continue;
                }
                TypedExtension extension = instantiate(type, factory);
                checkTypeString(extension, className);
                kinds.forEach(kind -> out.computeIfAbsent(kind, k -> new ArrayList<>()).add(extension));
            } catch (PluginLoadException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new PluginLoadException(jar + " (plugin " + plugin.getPluginId() + "): " + String.join("; ", problems));
        }
        if (out.isEmpty()) {
            LOG.warn("{} (plugin {}) provides no protocol, network filter or stream filter", jar, plugin.getPluginId());
        }
        return out;
    }

    private static Class<?> load(String className, ClassLoader loader) throws PluginLoadException {
        try {
            return Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new PluginLoadException(INDEX + " lists " + className + ", which is not in the jar");
        } catch (LinkageError e) {
            throw new PluginLoadException(className + " cannot be loaded: " + e + " (a library it needs is missing "
                    + "from the jar and from the kernel's lib/)");
        }
    }

    private static List<ExtensionKind> kindsOf(Class<?> type) {
        List<ExtensionKind> kinds = new ArrayList<>();
        for (ExtensionKind kind : ExtensionKind.values()) {
            if (kind.type().isAssignableFrom(type)) {
                kinds.add(kind);
            }
        }
        return kinds;
    }

    private static TypedExtension instantiate(Class<?> type, ExtensionFactory factory) throws PluginLoadException {
        try {
            return (TypedExtension) factory.create(type);
        } catch (RuntimeException | LinkageError e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new PluginLoadException("cannot create " + type.getName() + ": " + cause
                    + " (an extension needs a public constructor without arguments)");
        }
    }

    private static void checkTypeString(TypedExtension extension, String className) throws PluginLoadException {
        String type;
        try {
            type = extension.type();
        } catch (RuntimeException | LinkageError e) {
            throw new PluginLoadException(className + ".type() failed: " + e);
        }
        if (type == null || type.isEmpty()) {
            throw new PluginLoadException(className + " has an empty type string");
        }
    }

    /** @return the jar's file name, for messages */
    static String jarName(PluginWrapper plugin) {
        return String.valueOf(plugin.getPluginPath().getFileName());
    }

    private static List<String> readIndex(PluginWrapper plugin, String jar, ClassLoader loader) throws PluginLoadException {
        URL index = loader instanceof URLClassLoader own ? own.findResource(INDEX) : null;
        if (index == null) {
            throw new PluginLoadException(jar + " (plugin " + plugin.getPluginId() + "): no " + INDEX + " in the jar; "
                    + "compile the plugin with PF4J's annotation processor (org.pf4j.processor.ExtensionAnnotationProcessor "
                    + "in the compiler's annotationProcessorPaths) so that its @Extension classes are listed");
        }
        List<String> names = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(index.openStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String name = line.trim();
                if (!name.isEmpty() && !name.startsWith("#")) {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new PluginLoadException(jar + " (plugin " + plugin.getPluginId() + "): cannot read " + INDEX + ": " + e, e);
        }
        return names;
    }

    /** A class implementing an SPI interface of the same name but another classloader bundles its own SPI copy. */
    private static void checkForeignSpi(Class<?> type, String className) throws PluginLoadException {
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> next = pending.poll();
            for (ExtensionKind kind : ExtensionKind.values()) {
                if (next.getName().equals(kind.type().getName()) && next != kind.type()) {
                    throw new PluginLoadException(className + " implements the plugin's own copy of "
                            + kind.type().getName() + "; declare mosn4j-spi (and Netty, Jackson, PF4J, SLF4J) with "
                            + "<scope>provided</scope> so that the jar does not bundle them");
                }
            }
            if (next.getSuperclass() != null) {
                pending.add(next.getSuperclass());
            }
            pending.addAll(List.of(next.getInterfaces()));
        }
    }
}

package org.mosn4j.kernel.plugin;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginWrapper;

/**
 * PF4J's plugin manager, remembering which jars failed to load. PF4J logs such a jar and goes on without it;
 * the kernel refuses to start instead, naming the jar and the cause. Used by one thread at a time (startup,
 * then the plugin admin thread).
 */
final class RecordingPluginManager extends DefaultPluginManager {

    private final Map<Path, RuntimeException> failures = new LinkedHashMap<>();

    RecordingPluginManager(Path pluginsDir) {
        super(pluginsDir);
    }

    @Override
    protected PluginWrapper loadPluginFromPath(Path pluginPath) {
        try {
            return super.loadPluginFromPath(pluginPath);
        } catch (RuntimeException e) {
            failures.put(pluginPath, e);
            throw e;
        }
    }

    /**
     * Reads and checks a jar's plugin descriptor without loading it.
     *
     * @throws RuntimeException (PF4J's) when the jar has no valid descriptor
     */
    PluginDescriptor readDescriptor(Path jar) {
        PluginDescriptor descriptor = getPluginDescriptorFinder().find(jar);
        validatePluginDescriptor(descriptor);
        return descriptor;
    }

    /** @return the jars that failed to load, with why, and forgets them */
    Map<Path, RuntimeException> takeFailures() {
        Map<Path, RuntimeException> out = new LinkedHashMap<>(failures);
        failures.clear();
        return out;
    }
}

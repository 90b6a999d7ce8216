package org.mosn4j.kernel.plugin;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Writes plugin jars for tests from classes of the test classpath (with their nested classes): a PF4J manifest,
 * the class files and {@code META-INF/extensions.idx}, each of which a test can leave out or spoil. Public for the
 * admin API's tests and the distribution's, which use it through the kernel's test jar.
 */
public final class TestPluginJar {

    private String id = "test-plugin";
    private String version = "1.0.0";
    private boolean manifest = true;
    private boolean index = true;
    private final List<Class<?>> extensions = new ArrayList<>();
    private final List<Class<?>> otherClasses = new ArrayList<>();
    private final List<String> extraIndexLines = new ArrayList<>();

    public static TestPluginJar plugin(String id) {
        TestPluginJar jar = new TestPluginJar();
        jar.id = id;
        return jar;
    }

    public TestPluginJar version(String version) {
        this.version = version;
        return this;
    }

    /** Packs the class and lists it in the index. */
    public TestPluginJar extension(Class<?> type) {
        extensions.add(type);
        return this;
    }

    /** Packs a class without listing it, as a jar that bundles a library does. */
    public TestPluginJar bundle(Class<?> type) {
        otherClasses.add(type);
        return this;
    }

    /** Lists a class name in the index that the jar does not hold. */
    public TestPluginJar indexLine(String className) {
        extraIndexLines.add(className);
        return this;
    }

    public TestPluginJar withoutManifest() {
        manifest = false;
        return this;
    }

    public TestPluginJar withoutIndex() {
        index = false;
        return this;
    }

    /** Writes the jar as {@code dir/fileName}. */
    public Path writeTo(Path dir, String fileName) throws IOException {
        Path target = dir.resolve(fileName);
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (manifest) {
            mf.getMainAttributes().put(new Attributes.Name("Plugin-Id"), id);
            mf.getMainAttributes().put(new Attributes.Name("Plugin-Version"), version);
            mf.getMainAttributes().put(new Attributes.Name("Plugin-Description"), "test plugin " + id);
        }
        try (OutputStream file = Files.newOutputStream(target);
             JarOutputStream out = new JarOutputStream(file, mf)) {
            List<Class<?>> all = new ArrayList<>(extensions);
            all.addAll(otherClasses);
            for (Class<?> type : all) {
                for (Class<?> packed : withNested(type)) {
                    String name = packed.getName().replace('.', '/') + ".class";
                    out.putNextEntry(new JarEntry(name));
                    try (InputStream in = packed.getClassLoader().getResourceAsStream(name)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            if (index) {
                StringBuilder lines = new StringBuilder("# written by TestPluginJar\n");
                extensions.forEach(type -> lines.append(type.getName()).append('\n'));
                extraIndexLines.forEach(line -> lines.append(line).append('\n'));
                out.putNextEntry(new JarEntry(PluginExtensions.INDEX));
                out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return target;
    }

    /** @return {@code type} and its named nested classes, recursively */
    private static List<Class<?>> withNested(Class<?> type) {
        List<Class<?>> out = new ArrayList<>(List.of(type));
        for (Class<?> nested : type.getDeclaredClasses()) {
            out.addAll(withNested(nested));
        }
        return out;
    }
}

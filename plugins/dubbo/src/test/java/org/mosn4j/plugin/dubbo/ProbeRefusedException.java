package org.mosn4j.plugin.dubbo;

/** A checked exception of the application, declared by {@link ProbeService#refuse}. */
public class ProbeRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    public ProbeRefusedException(String message) {
        super(message);
    }
}

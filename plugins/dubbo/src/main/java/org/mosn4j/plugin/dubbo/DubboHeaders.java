package org.mosn4j.plugin.dubbo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.mosn4j.spi.stream.DefaultHeaderMap;
import org.mosn4j.spi.stream.HeaderMap;
import org.mosn4j.spi.stream.HeaderNames;

/**
 * The headers of a Dubbo message as the proxy's routing and filters see them, carrying the header of the frame
 * they were read from so the other side can write the frame again byte for byte.
 *
 * <p>A request has {@value #SERVICE} (the {@code interface} attachment when sent, else the service path),
 * {@value #METHOD}, {@value #VERSION} and {@value #GROUP} when present, and every attachment with a string
 * value (but those named like pseudo headers, {@code :path} say). A response has {@link HeaderNames#STATUS} (the Dubbo status as an HTTP status, for stats) and
 * {@value #STATUS}, the Dubbo status itself. The body is forwarded as it came, except that attachments set on a
 * request's headers (all but {@value #SERVICE} and {@value #METHOD}) are added to it when it is sent upstream
 * (see {@link AttachmentWriter}); removing a header does not remove the attachment.
 *
 * <p>Not thread-safe, like every {@link HeaderMap}.
 */
final class DubboHeaders implements HeaderMap {

    /** The service a request calls. */
    static final String SERVICE = "service";
    /** The method a request calls. */
    static final String METHOD = "method";
    /** The service version a request asks for. */
    static final String VERSION = "version";
    /** The service group a request asks for. */
    static final String GROUP = "group";
    /** The Dubbo status of a response, in decimal. */
    static final String STATUS = "dubbo-status";

    private final HeaderMap fields;
    private final FrameHeader frame;
    /** Attachments set through this map since it was read, to be written into the request body; or null. */
    private Map<String, String> changedAttachments;

    private DubboHeaders(HeaderMap fields, FrameHeader frame) {
        this.fields = fields;
        this.frame = frame;
    }

    /** @return the headers of a request read from {@code frame} */
    static DubboHeaders request(FrameHeader frame, Invocation invocation) {
        DefaultHeaderMap fields = new DefaultHeaderMap(invocation.attachments().size() + 4);
        for (Map.Entry<String, String> attachment : invocation.attachments().entrySet()) {
            // Pseudo header names belong to protocols; an attachment must not pose as one (":path", ":authority").
            if (!attachment.getKey().isEmpty() && !attachment.getKey().startsWith(":")) {
                fields.add(attachment.getKey(), attachment.getValue());
            }
        }
        String service = invocation.attachments().get("interface");
        fields.set(SERVICE, service != null && !service.isEmpty() ? service : invocation.path());
        fields.set(METHOD, invocation.method());
        if (invocation.version() != null && !invocation.version().isEmpty()) {
            fields.set(VERSION, invocation.version());
        }
        return new DubboHeaders(fields, frame);
    }

    /** @return the headers of a response read from {@code frame} */
    static DubboHeaders response(FrameHeader frame) {
        DefaultHeaderMap fields = new DefaultHeaderMap(2);
        fields.set(HeaderNames.STATUS, Integer.toString(DubboStatus.toHttp(frame.status())));
        fields.set(STATUS, Integer.toString(frame.status()));
        return new DubboHeaders(fields, frame);
    }

    /** @return the headers that complete a one-way request once it is sent: there is no response frame */
    static DubboHeaders oneWaySent() {
        DefaultHeaderMap fields = new DefaultHeaderMap(2);
        fields.set(HeaderNames.STATUS, "200");
        fields.set(STATUS, Integer.toString(DubboStatus.OK));
        return new DubboHeaders(fields, null);
    }

    /** @return the header of the frame these headers were read from, or null when there was none */
    FrameHeader frame() {
        return frame;
    }

    /** @return whether {@code headers} came from a request frame */
    static boolean isRequest(HeaderMap headers) {
        return headers instanceof DubboHeaders dubbo && dubbo.frame != null && dubbo.frame.isRequest();
    }

    /** @return whether {@code headers} came from a response frame (and not from a reply the proxy makes) */
    static boolean isResponse(HeaderMap headers) {
        return headers instanceof DubboHeaders dubbo && dubbo.frame != null && !dubbo.frame.isRequest();
    }

    @Override
    public String get(String name) {
        return fields.get(name);
    }

    @Override
    public List<String> getAll(String name) {
        return fields.getAll(name);
    }

    @Override
    public boolean contains(String name) {
        return fields.contains(name);
    }

    @Override
    public void set(String name, String value) {
        fields.set(name, value);
        attachmentChanged(name, value);
    }

    /** Adds a value; as an attachment (a map entry) it replaces the one sent. */
    @Override
    public void add(String name, String value) {
        fields.add(name, value);
        attachmentChanged(name, value);
    }

    /** Removes a header; an attachment that came with the request stays in its body. */
    @Override
    public boolean remove(String name) {
        if (changedAttachments != null) {
            changedAttachments.remove(name);
        }
        return fields.remove(name);
    }

    private void attachmentChanged(String name, String value) {
        if (frame == null || !frame.isRequest() || name.isEmpty() || name.startsWith(":") || name.equals(SERVICE)
                || name.equals(METHOD)) {
            return;
        }
        if (changedAttachments == null) {
            changedAttachments = new LinkedHashMap<>(4);
        }
        changedAttachments.put(name, value);
    }

    /**
     * @return the attachments set on a request's headers since it was read (by a route's
     *         {@code request_headers_to_add}, a filter, or tracing), which the upstream side writes into the body
     */
    Map<String, String> changedAttachments() {
        return changedAttachments == null ? Map.of() : changedAttachments;
    }

    @Override
    public void forEach(BiConsumer<String, String> action) {
        fields.forEach(action);
    }

    @Override
    public int size() {
        return fields.size();
    }

    @Override
    public HeaderMap copy() {
        DubboHeaders copy = new DubboHeaders(fields.copy(), frame);
        if (changedAttachments != null) {
            copy.changedAttachments = new LinkedHashMap<>(changedAttachments);
        }
        return copy;
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}

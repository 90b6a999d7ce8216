package org.mosn4j.spi.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds a JSON config block to a Java type with MOSN's decoding rules, reporting errors by JSON path.
 *
 * <p>Rules, following Go's {@code encoding/json} as MOSN uses it:
 * <ul>
 *   <li>keys match Java names in snake case ({@code routerConfigName} reads {@code "router_config_name"}),
 *       case-insensitively ({@code "Name"} works like {@code "name"}); use {@code @JsonProperty} for others;</li>
 *   <li>{@link Duration} values are Go duration strings ({@code "30s"}) or numbers of nanoseconds;</li>
 *   <li>no coercion between JSON types: a string where a number is expected is an error;</li>
 *   <li>unknown keys are ignored (and logged at debug), so configs written for newer MOSN versions load.</li>
 * </ul>
 * Thread-safe; share the one {@link #INSTANCE}.
 */
public final class ConfigBinder {

    /** The shared binder. */
    public static final ConfigBinder INSTANCE = new ConfigBinder();

    private static final Logger LOG = LoggerFactory.getLogger(ConfigBinder.class);

    private final ObjectMapper mapper;

    private ConfigBinder() {
        SimpleModule goTypes = new SimpleModule("mosn-go-types");
        goTypes.addDeserializer(Duration.class, new GoDurationDeserializer());
        mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .withCoercionConfig(LogicalType.Textual, c -> c
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .addHandler(new UnknownKeyLogger())
                .addModule(goTypes)
                .build();
    }

    /**
     * Binds {@code node} to {@code type}.
     *
     * @param node the JSON block; {@code null} or JSON null binds as an empty object
     * @param type a record or bean type
     * @param path the block's JSON path in the whole config, used in error messages
     * @param <T> the type
     * @return the bound value, never {@code null}
     * @throws ConfigException naming the path of the offending key and what was expected
     */
    public <T> T bind(JsonNode node, Class<T> type, String path) throws ConfigException {
        JsonNode source = node == null || node.isNull() || node.isMissingNode() ? mapper.createObjectNode() : node;
        try {
            return mapper.treeToValue(source, type);
        } catch (JsonMappingException e) {
            throw translate(e, source, path);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(path, String.valueOf(e.getMessage()));
        }
    }

    /** @return the mapper, configured with the same rules, for reading and writing JSON trees */
    public ObjectMapper mapper() {
        return mapper;
    }

    private static ConfigException translate(JsonMappingException e, JsonNode root, String basePath) {
        String path = basePath;
        JsonNode at = root;
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                String key = actualKey(at, ref.getFieldName());
                path = ConfigException.join(path, key);
                at = at == null ? null : at.get(key);
            } else if (ref.getIndex() >= 0) {
                path = ConfigException.join(path, "[" + ref.getIndex() + "]");
                at = at == null ? null : at.get(ref.getIndex());
            }
        }
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
            return new ConfigException(path, cause.getMessage());
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new ConfigException(path, "expected " + describe(mismatch.getTargetType()) + ", got " + shown(at));
        }
        return new ConfigException(path, e.getOriginalMessage());
    }

    /** Finds the key as the user spelled it, since matching ignores case. */
    private static String actualKey(JsonNode object, String javaName) {
        String key = spelledKey(object, javaName);
        return key == null ? javaName : key;
    }

    /**
     * Finds a key the way binding matches keys: in any letter case.
     *
     * @param object a JSON object (anything else has no keys)
     * @param name the key, such as {@code "router_config_name"}
     * @return the key as {@code object} spells it, or null when it has none
     */
    public static String spelledKey(JsonNode object, String name) {
        if (object != null && object.isObject()) {
            for (var it = object.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (key.equalsIgnoreCase(name)) {
                    return key;
                }
            }
        }
        return null;
    }

    /**
     * Reads a field the way binding matches keys: in any letter case.
     *
     * @param object a JSON object (anything else has no fields)
     * @param name the key
     * @return the value, or null when there is no such key
     */
    public static JsonNode field(JsonNode object, String name) {
        String key = spelledKey(object, name);
        return key == null ? null : object.get(key);
    }

    private static String describe(Class<?> type) {
        if (type == String.class) {
            return "a string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Duration.class) {
            return "a duration such as \"30s\"";
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord() || type == JsonNode.class) {
            return "an object";
        }
        return "a " + type.getSimpleName();
    }

    private static String shown(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        String text = node.toString();
        String kind = node.isTextual() ? "string " : node.isNumber() ? "number " : node.isBoolean() ? ""
                : node.isArray() ? "list " : node.isObject() ? "object " : "";
        return kind + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }

    private static final class GoDurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                return GoDuration.parse(p.getText());
            }
            if (token == JsonToken.VALUE_NUMBER_INT) {
                return Duration.ofNanos(p.getLongValue());
            }
            return (Duration) ctxt.handleUnexpectedToken(Duration.class, p);
        }
    }

    private static final class UnknownKeyLogger extends DeserializationProblemHandler {
        @Override
        public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
            if (LOG.isDebugEnabled()) {
                String owner = beanOrClass instanceof Class<?> c ? c.getSimpleName() : beanOrClass.getClass().getSimpleName();
                LOG.debug("config key \"{}\" is not used by {}; kept as written", propertyName, owner);
            }
            p.skipChildren();
            return true;
        }
    }

    /** @return a read-only empty list, for record components whose key is absent */
    public static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list.stream().filter(java.util.Objects::nonNull).toList();
    }
}

package org.mosn4j.kernel.xds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.time.Duration;
import java.util.Map;
import org.mosn4j.spi.config.GoDuration;

/** Conversions between protobuf's well-known types and the JSON and Go durations of MOSN configs. */
final class ProtoValues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ProtoValues() {
    }

    /** @return a protobuf duration as a Go duration string, such as {@code "1.5s"} */
    static String goDuration(com.google.protobuf.Duration duration) {
        return GoDuration.format(Duration.ofSeconds(duration.getSeconds(), duration.getNanos()));
    }

    /** @return a JSON object as a protobuf {@code Struct}; anything else gives an empty one */
    static Struct struct(JsonNode json) {
        Struct.Builder struct = Struct.newBuilder();
        if (json != null && json.isObject()) {
            json.properties().forEach(e -> struct.putFields(e.getKey(), value(e.getValue())));
        }
        return struct.build();
    }

    private static Value value(JsonNode json) {
        if (json == null || json.isNull() || json.isMissingNode()) {
            return Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        }
        if (json.isObject()) {
            return Value.newBuilder().setStructValue(struct(json)).build();
        }
        if (json.isArray()) {
            ListValue.Builder list = ListValue.newBuilder();
            json.forEach(item -> list.addValues(value(item)));
            return Value.newBuilder().setListValue(list).build();
        }
        if (json.isBoolean()) {
            return Value.newBuilder().setBoolValue(json.booleanValue()).build();
        }
        if (json.isNumber()) {
            return Value.newBuilder().setNumberValue(json.doubleValue()).build();
        }
        return Value.newBuilder().setStringValue(json.asText()).build();
    }

    /** @return a protobuf {@code Struct} as a JSON object */
    static ObjectNode json(Struct struct) {
        ObjectNode object = JSON.objectNode();
        for (Map.Entry<String, Value> e : struct.getFieldsMap().entrySet()) {
            object.set(e.getKey(), json(e.getValue()));
        }
        return object;
    }

    private static JsonNode json(Value value) {
        return switch (value.getKindCase()) {
            case STRUCT_VALUE -> json(value.getStructValue());
            case LIST_VALUE -> {
                ArrayNode array = JSON.arrayNode();
                value.getListValue().getValuesList().forEach(item -> array.add(json(item)));
                yield array;
            }
            case BOOL_VALUE -> JSON.booleanNode(value.getBoolValue());
            case NUMBER_VALUE -> {
                double number = value.getNumberValue();
                yield number == Math.rint(number) && Math.abs(number) < 1e15
                        ? JSON.numberNode((long) number) : JSON.numberNode(number);
            }
            case STRING_VALUE -> JSON.textNode(value.getStringValue());
            default -> JSON.nullNode();
        };
    }
}

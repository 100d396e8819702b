package io.openova.catalyst.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts between Jackson trees and the plain maps and lists the model holds. */
public final class JsonValuesMapper {
    private JsonValuesMapper() {}

    public static Map<String, Object> toMap(JsonNode object) {
        Map<String, Object> out = new LinkedHashMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), toValue(e.getValue())));
        return out;
    }

    public static JsonNode toNode(Object value) {
        return JsonSchemas.mapper().valueToTree(value);
    }

    private static Object toValue(JsonNode node) {
        if (node.isObject()) {
            return toMap(node);
        }
        if (node.isArray()) {
            List<Object> out = new ArrayList<>(node.size());
            node.forEach(n -> out.add(toValue(n)));
            return out;
        }
        if (node.isNull()) {
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToLong() ? (Object) node.longValue() : node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        return node.asText();
    }
}

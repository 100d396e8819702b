package io.openova.catalyst.testing.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The decoded header and claims of a compact JWS, for assertions in tests. Decoding checks no signature: verify tokens
 * with the realm's JWKS ({@link KeycloakServer#jwksUri(String)}).
 */
public record Jwt(JsonNode header, JsonNode claims) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Decodes {@code token}; an {@link IllegalArgumentException} if it is not three base64url parts of JSON. */
    public static Jwt decode(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "not a compact JWS: expected 3 dot-separated parts, found " + parts.length);
        }
        return new Jwt(json(parts[0], "header"), json(parts[1], "payload"));
    }

    /** The {@code kid} of the header: which key of the JWKS signed the token. */
    public String keyId() {
        return header.path("kid").asText();
    }

    /** {@code aud} as a list: Keycloak writes a single audience as a plain string, several as an array. */
    public List<String> audience() {
        return strings("aud");
    }

    /** A string-array claim (or a single string) as a list; empty if the claim is absent. */
    public List<String> strings(String claim) {
        JsonNode node = claims.path(claim);
        List<String> values = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(value -> values.add(value.asText()));
        } else if (node.isTextual()) {
            values.add(node.asText());
        }
        return List.copyOf(values);
    }

    /** A string claim, empty if absent. */
    public Optional<String> string(String claim) {
        JsonNode node = claims.path(claim);
        return node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    /** {@code exp}. */
    public Instant expiresAt() {
        return Instant.ofEpochSecond(claims.path("exp").asLong());
    }

    /** {@code iat}. */
    public Instant issuedAt() {
        return Instant.ofEpochSecond(claims.path("iat").asLong());
    }

    private static JsonNode json(String part, String what) {
        try {
            JsonNode node = JSON.readTree(Base64.getUrlDecoder().decode(part));
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the JWT " + what + " is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("the JWT " + what + " is not JSON", e);
        }
    }
}

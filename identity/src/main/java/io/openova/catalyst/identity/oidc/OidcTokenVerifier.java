package io.openova.catalyst.identity.oidc;

import io.openova.catalyst.identity.Caller;
import io.openova.catalyst.identity.Role;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.HttpsJwks;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.HttpsJwksVerificationKeyResolver;
import org.jose4j.lang.JoseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates OIDC access tokens (JWS, signed with the provider's keys) and turns them into a {@link Caller}: issuer,
 * audience, signature through the issuer's JWKS (found by OIDC discovery, cached, refreshed when a token names an
 * unknown key id), expiry and not-before. Only issuers the {@link OidcSettings.Tenancy} trusts are ever contacted, so
 * a token cannot make Catalyst fetch an address of the token's choosing.
 *
 * <p>Thread-safe; one instance per server.
 */
public final class OidcTokenVerifier {
    private static final Logger LOGGER = LoggerFactory.getLogger(OidcTokenVerifier.class);
    private static final Pattern ORGANIZATION = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");
    private static final String GROUP_PREFIX = "/orgs/";
    /** Keycloak's {@code typ} claim of ID tokens (its access tokens say {@code Bearer}). */
    private static final String ID_TOKEN_TYPE = "ID";
    /** The member of a logout token's {@code events} claim that makes it one (Back-Channel Logout 1.0, section 2.4). */
    public static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /**
     * How old a logout token may be, by its {@code iat} (plus the clock skew): providers send it the moment a session
     * ends, and Keycloak's expire after 2 minutes.
     */
    public static final Duration LOGOUT_TOKEN_MAX_AGE = Duration.ofMinutes(2);

    private final OidcSettings settings;
    private final HttpClient http;
    private final Map<String, Issuer> issuers = new ConcurrentHashMap<>();
    private final Map<String, JwtConsumer> consumers = new ConcurrentHashMap<>();
    private final JwtConsumer unverifiedReader = new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .build();

    public OidcTokenVerifier(OidcSettings settings) {
        this(
                settings,
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build());
    }

    OidcTokenVerifier(OidcSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
    }

    public OidcSettings settings() {
        return settings;
    }

    /**
     * The caller the token stands for.
     *
     * @throws InvalidTokenException if the token is not one Catalyst accepts; the message says why
     */
    public Caller verify(String token) throws InvalidTokenException {
        return verify(token, Optional.empty());
    }

    /**
     * The caller the token stands for, when the token is also of {@code expectedIssuer}: the issuer a browser login
     * was started at.
     *
     * @throws InvalidTokenException if the token is not one Catalyst accepts, or of another issuer
     */
    public Caller verify(String token, String expectedIssuer) throws InvalidTokenException {
        return verify(token, Optional.of(expectedIssuer));
    }

    /**
     * Checks the ID token of a browser login: signed by {@code issuer}'s keys, issued by it for {@code clientId}, not
     * expired, and carrying the {@code nonce} the login was started with.
     *
     * @return the claims that tie the login to the provider's session, for its logout tokens
     * @throws InvalidTokenException if any of these does not hold
     */
    public IdTokenClaims verifyIdToken(String idToken, String issuer, String clientId, String nonce)
            throws InvalidTokenException {
        if (idToken == null || idToken.isBlank() || idToken.length() > 16_384) {
            throw new InvalidTokenException("the ID token is missing or too long");
        }
        try {
            JwtClaims claims = consumer(issuer, clientId).processToClaims(idToken);
            Object presented = claims.getClaimValue("nonce");
            if (!(presented instanceof String value)
                    || !java.security.MessageDigest.isEqual(
                            value.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                            nonce.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
                throw new InvalidTokenException("the ID token's nonce is not the login's");
            }
            return new IdTokenClaims(claims.getSubject(), optionalString(claims, "sid"));
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException("ID token: " + reason(e));
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("the ID token has a malformed claim: " + e.getMessage());
        }
    }

    /**
     * Checks a logout token of OpenID Connect Back-Channel Logout 1.0 (section 2.6): a JWS signed by a trusted issuer's
     * keys, for {@code clientId}, with {@code iat} at most {@link #LOGOUT_TOKEN_MAX_AGE} old, {@code exp} not passed, a
     * {@code jti}, the {@value #BACKCHANNEL_LOGOUT_EVENT} event, a {@code sub} or a {@code sid}, and no {@code nonce}
     * (which would make it an ID token). Only trusted issuers are contacted, as for access tokens.
     *
     * @throws InvalidTokenException if any of these does not hold; the message says which, never the token
     */
    public LogoutToken verifyLogoutToken(String token, String clientId) throws InvalidTokenException {
        if (token == null || token.isBlank() || token.length() > 16_384) {
            throw new InvalidTokenException("the logout token is missing or too long");
        }
        String issuer = unverifiedIssuer(token);
        JwtClaims claims;
        try {
            claims = logoutTokenConsumer(issuer, clientId).processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(reason(e));
        }
        if (claims.hasClaim("nonce")) {
            throw new InvalidTokenException("the token carries a nonce: an ID token is not a logout token");
        }
        if (!(claims.getClaimValue("events") instanceof Map<?, ?> events)
                || !(events.get(BACKCHANNEL_LOGOUT_EVENT) instanceof Map<?, ?>)) {
            throw new InvalidTokenException(
                    "the token's events claim does not hold the event " + BACKCHANNEL_LOGOUT_EVENT);
        }
        try {
            Optional<String> subject = optionalString(claims, "sub");
            Optional<String> session = optionalString(claims, "sid");
            if (subject.isEmpty() && session.isEmpty()) {
                throw new InvalidTokenException("the token names neither a subject (sub) nor a session (sid)");
            }
            return new LogoutToken(
                    issuer,
                    subject,
                    session,
                    claims.getJwtId(),
                    Instant.ofEpochSecond(claims.getIssuedAt().getValue()));
        } catch (MalformedClaimException e) {
            throw new InvalidTokenException("the token has a malformed claim: " + e.getMessage());
        }
    }

    /** A string claim that may be absent; present but blank or not a string is malformed. */
    private static Optional<String> optionalString(JwtClaims claims, String name) throws MalformedClaimException {
        String value = claims.getStringClaimValue(name);
        if (value != null && value.isBlank()) {
            throw new MalformedClaimException("the claim " + name + " is blank");
        }
        return Optional.ofNullable(value);
    }

    private Caller verify(String token, Optional<String> expectedIssuer) throws InvalidTokenException {
        if (token == null || token.isBlank() || token.length() > 16_384) {
            throw new InvalidTokenException("the token is missing or too long");
        }
        String issuer = unverifiedIssuer(token);
        if (expectedIssuer.isPresent() && !expectedIssuer.get().equals(issuer)) {
            throw new InvalidTokenException("the token is not of the issuer the login was started at");
        }
        Optional<String> realmOrganization = trustedIssuer(issuer);
        JwtClaims claims;
        try {
            claims = accessTokenConsumer(issuer).processToClaims(token);
        } catch (InvalidJwtException e) {
            throw new InvalidTokenException(reason(e));
        }
        if (ID_TOKEN_TYPE.equals(claims.getClaimValue("typ"))) {
            // Keycloak's ID tokens carry the client as audience too; only access tokens open the API.
            throw new InvalidTokenException("an ID token is not an access token");
        }
        try {
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                throw new InvalidTokenException("the token has no subject");
            }
            Optional<String> organization =
                    realmOrganization.isPresent() ? realmOrganization : claimedOrganization(claims);
            String displayName = Optional.ofNullable(claims.getStringClaimValue("preferred_username"))
                    .orElse(subject);
            return new Caller(subject, organization, roles(claims), displayName);
        } catch (MalformedClaimException | IllegalArgumentException e) {
            throw new InvalidTokenException("the token has a malformed claim: " + e.getMessage());
        }
    }

    /**
     * The Organization a realm-per-Organization issuer belongs to (empty for the Sovereign realm), after checking
     * that the issuer is trusted at all.
     */
    private Optional<String> trustedIssuer(String issuer) throws InvalidTokenException {
        switch (settings.tenancy()) {
            case OidcSettings.RealmPerOrganization perOrg -> {
                String prefix = perOrg.issuerPrefix().toString();
                if (issuer.startsWith(prefix)) {
                    String realm = issuer.substring(prefix.length());
                    if (ORGANIZATION.matcher(realm).matches()) {
                        return Optional.of(realm);
                    }
                }
                throw new InvalidTokenException("the token's issuer is not trusted");
            }
            case OidcSettings.SovereignRealm sovereign -> {
                if (issuer.equals(sovereign.issuer().toString())) {
                    return Optional.empty();
                }
                throw new InvalidTokenException("the token's issuer is not trusted");
            }
        }
    }

    private Optional<String> claimedOrganization(JwtClaims claims) throws InvalidTokenException {
        if (!(settings.tenancy() instanceof OidcSettings.SovereignRealm sovereign)) {
            return Optional.empty();
        }
        Object value = claims.getClaimValue(sovereign.organizationClaim());
        List<String> names = value instanceof Collection<?> many
                ? many.stream().map(String::valueOf).toList()
                : value == null ? List.of() : List.of(String.valueOf(value));
        List<String> organizations = names.stream()
                .map(name -> name.startsWith(GROUP_PREFIX) ? name.substring(GROUP_PREFIX.length()) : name)
                .distinct()
                .toList();
        if (organizations.size() > 1) {
            throw new InvalidTokenException(
                    "the token names more than one Organization in claim " + sovereign.organizationClaim());
        }
        if (organizations.isEmpty()) {
            return Optional.empty();
        }
        String organization = organizations.getFirst();
        if (!ORGANIZATION.matcher(organization).matches()) {
            throw new InvalidTokenException(
                    "the token's claim " + sovereign.organizationClaim() + " is not an Organization name");
        }
        return Optional.of(organization);
    }

    private Set<Role> roles(JwtClaims claims) {
        Object value = claims.getClaimValue(settings.rolesClaim());
        if (value == null && claims.getClaimValue("realm_access") instanceof Map<?, ?> realmAccess) {
            value = realmAccess.get("roles");
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (value instanceof Collection<?> names) {
            for (Object name : names) {
                Arrays.stream(Role.values())
                        .filter(role -> role.claimName().equals(String.valueOf(name)))
                        .forEach(roles::add);
            }
        }
        return roles;
    }

    private String unverifiedIssuer(String token) throws InvalidTokenException {
        try {
            String issuer = unverifiedReader.processToClaims(token).getIssuer();
            if (issuer == null || issuer.isBlank()) {
                throw new InvalidTokenException("the token has no issuer");
            }
            return issuer;
        } catch (InvalidJwtException | MalformedClaimException e) {
            throw new InvalidTokenException("the token is not a well-formed JWT");
        }
    }

    /**
     * The endpoints of {@code issuer}, found by OIDC discovery and cached; only for an issuer the configuration trusts.
     *
     * @throws InvalidTokenException if the issuer is not trusted, cannot be reached or publishes no usable metadata
     */
    public ProviderMetadata provider(String issuer) throws InvalidTokenException {
        return trusted(issuer).metadata();
    }

    private Issuer trusted(String issuer) throws InvalidTokenException {
        trustedIssuer(issuer);
        Issuer known = issuers.get(issuer);
        if (known != null) {
            return known;
        }
        ProviderMetadata metadata = discover(issuer);
        HttpsJwks keys = new HttpsJwks(metadata.jwksUri().toString());
        keys.setDefaultCacheDuration(600);
        Issuer built = new Issuer(metadata, new HttpsJwksVerificationKeyResolver(keys));
        Issuer previous = issuers.putIfAbsent(issuer, built);
        return previous == null ? built : previous;
    }

    /** A trusted issuer's endpoints and its signing keys (cached by jose4j, fetched again for an unknown key id). */
    private record Issuer(ProviderMetadata metadata, HttpsJwksVerificationKeyResolver keys) {}

    private JwtConsumer consumer(String issuer, String audience) throws InvalidTokenException {
        return signed(issuer, audience).setRequireSubject().build();
    }

    /** Logout tokens: no {@code sub} needed (a {@code sid} may name the session instead), a recent {@code iat}. */
    private JwtConsumer logoutTokenConsumer(String issuer, String clientId) throws InvalidTokenException {
        int skew = (int) settings.clockSkew().toSeconds();
        return signed(issuer, clientId)
                .setRequireIssuedAt()
                .setIssuedAtRestrictions(skew, (int) LOGOUT_TOKEN_MAX_AGE.toSeconds() + skew)
                .setRequireJwtId()
                .build();
    }

    /** A JWS of {@code issuer}'s keys with an allowed algorithm, for {@code audience}, with an {@code exp}. */
    private JwtConsumerBuilder signed(String issuer, String audience) throws InvalidTokenException {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds((int) settings.clockSkew().toSeconds())
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setVerificationKeyResolver(trusted(issuer).keys())
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT,
                        AlgorithmIdentifiers.RSA_USING_SHA256,
                        AlgorithmIdentifiers.RSA_USING_SHA384,
                        AlgorithmIdentifiers.RSA_USING_SHA512,
                        AlgorithmIdentifiers.RSA_PSS_USING_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P256_CURVE_AND_SHA256,
                        AlgorithmIdentifiers.ECDSA_USING_P384_CURVE_AND_SHA384));
    }

    private JwtConsumer accessTokenConsumer(String issuer) throws InvalidTokenException {
        JwtConsumer consumer = consumers.get(issuer);
        if (consumer != null) {
            return consumer;
        }
        JwtConsumer built = consumer(issuer, settings.audience());
        JwtConsumer previous = consumers.putIfAbsent(issuer, built);
        return previous == null ? built : previous;
    }

    /** The metadata of a trusted issuer, from its {@code /.well-known/openid-configuration}. */
    private ProviderMetadata discover(String issuer) throws InvalidTokenException {
        URI discovery = URI.create(issuer + "/.well-known/openid-configuration");
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(discovery)
                            .timeout(Duration.ofSeconds(10))
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOGGER.warn("OIDC discovery failed issuer={} status={}", issuer, response.statusCode());
                throw new InvalidTokenException("the token's issuer could not be reached");
            }
            Map<String, Object> document = org.jose4j.json.JsonUtil.parseJson(response.body());
            if (!(document.get("jwks_uri") instanceof String jwks)) {
                throw new InvalidTokenException("the token's issuer publishes no jwks_uri");
            }
            return new ProviderMetadata(
                    issuer,
                    address(document, "authorization_endpoint"),
                    address(document, "token_endpoint"),
                    URI.create(jwks),
                    address(document, "end_session_endpoint"));
        } catch (IOException | JoseException | IllegalArgumentException e) {
            LOGGER.warn("OIDC discovery failed issuer={} error={}", issuer, e.toString());
            throw new InvalidTokenException("the token's issuer could not be reached", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidTokenException("interrupted while reaching the token's issuer", e);
        }
    }

    private static Optional<URI> address(Map<String, Object> document, String field) {
        return document.get(field) instanceof String value && !value.isBlank()
                ? Optional.of(URI.create(value))
                : Optional.empty();
    }

    private static String reason(InvalidJwtException e) {
        if (e.hasExpired()) {
            return "the token has expired";
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return "the token is not for this audience";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID)) {
            return "the token's issuer is not trusted";
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return "the token's signature does not verify";
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID)) {
            return "the token is not valid yet";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_MISSING)) {
            return "the token has no issue time (iat)";
        }
        if (e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_PAST) || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return "the token was not issued just now (iat)";
        }
        if (e.hasErrorCode(ErrorCodes.JWT_ID_MISSING)) {
            return "the token has no id (jti)";
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return "the token has no expiry (exp)";
        }
        return "the token is not valid";
    }
}

package io.openova.catalyst.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OidcLoginTargetTest {
    @ParameterizedTest
    @CsvSource({
        "'#/orgs/acme', '#/orgs/acme'",
        "'#/', '#/'",
        "'#/orgs/acme/envs/dev?tab=apps', '#/orgs/acme/envs/dev?tab=apps'",
        "'https://evil.example', '#/'",
        "'//evil.example', '#/'",
        "'#//evil.example', '#/'",
        "'#/a\"><script>', '#/'",
        "'/console/', '#/'",
        "'', '#/'"
    })
    void shouldReturnOnlyToConsoleRoutes(String next, String expected) {
        // When
        String target = OidcLoginResource.safeNext(next);

        // Then
        assertThat(target).isEqualTo(expected);
    }
}

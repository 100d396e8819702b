package io.openova.catalyst.provisioning.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.openova.catalyst.catalog.BlueprintSource;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.CatalogLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small catalog of made-up Blueprints for the cases the built-in catalog does not have: a Blueprint that depends on
 * a composite, a secret inside a list, a composite of a composite with charts all the way down.
 *
 * <ul>
 *   <li>{@code db}: https chart; secret {@code /password}; a list {@code users} whose items have a secret
 *       {@code token}
 *   <li>{@code cache}: oci:// chart
 *   <li>{@code pair}: composite of {@code db} (curated {@code size: 2}) and {@code cache}
 *   <li>{@code stack}: composite of {@code pair} and {@code cache}
 *   <li>{@code consumer}: https chart, depends on {@code pair} and on {@code db}
 *   <li>{@code operator}: https chart with {@code render.values} mapping its config to other keys, and a manifest
 *       (an instance of what the operator runs) beside the HelmRelease
 *   <li>{@code web}: no chart, only {@code render.manifests} (a Deployment reading its secret from the Application's
 *       Secret); depends on {@code db}
 * </ul>
 */
final class FixtureCatalog {
    private static final Map<String, String> BLUEPRINTS = new TreeMap<>(
            Map.of("operator", """
            chart: {repository: "https://charts.example.com", name: operator, version: 2.0.0}
            render:
              values:
                operator:
                  replicaCount: {$config: /replicas}
                  logLevel: "${config:/logLevel}"
                  image: {registry: {$config: /registry}}
                watchNamespace: ${namespace}
              manifests:
                - apiVersion: example.org/v1
                  kind: Instance
                  metadata: {name: "${app}-main", labels: {tier: data}}
                  spec:
                    size: {$config: /size}
                    owner: "${org}/${env}"
                    version: ${version}
            configSchema:
              type: object
              additionalProperties: false
              properties:
                replicas: {type: integer, default: 2}
                logLevel: {type: string, default: info}
                registry: {type: string, default: ""}
                size: {type: string, default: 10Gi}
                apiKey: {type: string, x-secret: true}
            """, "web", """
            dependsOn: [db]
            render:
              manifests:
                - apiVersion: apps/v1
                  kind: Deployment
                  metadata: {name: "${app}"}
                  spec:
                    replicas: {$config: /replicas}
                    template:
                      spec:
                        containers:
                          - name: web
                            image: "example.org/web:${version}"
                            args: [{$config: /motd}, "--literal=$${app}"]
                            env:
                              - name: TOKEN
                                valueFrom: {secretKeyRef: {name: "${secretName}", key: token}}
            configSchema:
              type: object
              additionalProperties: false
              properties:
                replicas: {type: integer, default: 1}
                motd: {type: string}
                token: {type: string, x-secret: true}
            """, "db", """
            chart: {repository: "https://charts.example.com", name: db, version: 1.2.3}
            configSchema:
              type: object
              additionalProperties: false
              properties:
                size: {type: integer, default: 1}
                password: {type: string, x-secret: true}
                users:
                  type: array
                  items:
                    type: object
                    properties:
                      name: {type: string}
                      token: {type: string, x-secret: true}
            """, "cache", """
            chart: {repository: "oci://registry.example.com/charts/", name: cache, version: v2.0.0}
            configSchema: {type: object}
            """, "pair", """
            composite:
              members:
                - {blueprint: db, config: {size: 2}}
                - {blueprint: cache}
            configSchema: {type: object}
            """, "stack", """
            composite:
              members:
                - {blueprint: pair}
                - {blueprint: cache}
            configSchema: {type: object}
            """, "consumer", """
            chart: {repository: "https://charts.example.com", name: consumer, version: 0.1.0}
            dependsOn: [pair, db]
            configSchema: {type: object}
            """));

    private FixtureCatalog() {}

    static Catalog catalog() {
        BlueprintSource source = new BlueprintSource() {
            @Override
            public String name() {
                return "fixtures";
            }

            @Override
            public Listing list() {
                return new Listing(
                        BLUEPRINTS.entrySet().stream()
                                .map(e -> new SourceFile(
                                        e.getKey() + "/blueprint.yaml",
                                        e.getKey(),
                                        blueprint(e.getKey(), e.getValue()).getBytes(StandardCharsets.UTF_8)))
                                .toList(),
                        List.of());
            }
        };
        try {
            CatalogLoader.LoadResult result = new CatalogLoader().load(List.of(source));
            assertThat(result.problems()).as("fixture catalog problems").isEmpty();
            return result.catalog();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String blueprint(String name, String spec) {
        return """
                apiVersion: catalyst.openova.io/v1alpha1
                kind: Blueprint
                metadata:
                  name: %s
                spec:
                  displayName: %s
                  summary: Test fixture %s.
                  version: 1.0.0
                  category: data-services
                  placement: [application]
                  license: Apache-2.0
                  provenance: openova
                """.formatted(name, name, name) + spec.indent(2);
    }
}

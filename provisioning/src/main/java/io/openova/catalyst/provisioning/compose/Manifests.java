package io.openova.catalyst.provisioning.compose;

import io.openova.catalyst.api.blueprint.ChartRef;
import io.openova.catalyst.api.environment.EnvironmentRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Kubernetes objects and Kustomize files of an Environment repository, as plain maps. API versions are the storage
 * versions of the Flux CRDs Catalyst is tested against ({@code shared/schemas/flux/}).
 */
final class Manifests {
    static final String HELM_API = "helm.toolkit.fluxcd.io/v2";
    static final String SOURCE_API = "source.toolkit.fluxcd.io/v1";
    static final String FLUX_KUSTOMIZE_API = "kustomize.toolkit.fluxcd.io/v1";
    static final String KUSTOMIZE_API = "kustomize.config.k8s.io/v1beta1";
    static final String EXTERNAL_SECRETS_API = "external-secrets.io/v1";

    /** Where the Environment's Flux runs, and the name of its bootstrap GitRepository (the Environment repo). */
    static final String FLUX_NAMESPACE = "flux-system";

    static final String GIT_REPOSITORY = "flux-system";
    /** The ClusterSecretStore every Environment's External Secrets operator reads secrets from. */
    static final String SECRET_STORE = "catalyst";

    static final String DEPENDENCIES = "catalyst-dependencies";
    static final String RESOURCES = "catalyst-resources";
    static final String MANIFESTS = "catalyst-manifests";
    /** External Secrets refreshes an ExternalSecret whenever this annotation changes. */
    static final String FORCE_SYNC = "force-sync";
    /** helm-controller reconciles a HelmRelease when a Secret of its valuesFrom with this label changes. */
    static final String FLUX_WATCH = "reconcile.fluxcd.io/watch";

    private static final String HELM_CHART_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
    private static final String RECONCILE_INTERVAL = "10m";
    private static final String RETRY_INTERVAL = "1m";
    private static final String SOURCE_INTERVAL = "1h";
    private static final long REMEDIATION_RETRIES = 3;

    private Manifests() {}

    /** A Kustomize {@code kustomization.yaml} listing {@code resources}. */
    static Map<String, Object> kustomization(List<String> resources) {
        return map("apiVersion", KUSTOMIZE_API, "kind", "Kustomization", "resources", resources);
    }

    /** The {@code kustomization.yaml} of one Application's resources: everything in its namespace. */
    static Map<String, Object> kustomization(String namespace, List<String> resources) {
        return map(
                "apiVersion", KUSTOMIZE_API, "kind", "Kustomization", "namespace", namespace, "resources", resources);
    }

    /** {@code deployment-api.yaml}: the file of one rendered object, by its kind and name. */
    static String fileName(Map<String, Object> object) {
        Object metadata = object.get("metadata");
        Object name = metadata instanceof Map<?, ?> m ? m.get("name") : null;
        return String.valueOf(object.get("kind")).toLowerCase(java.util.Locale.ROOT) + "-" + name + ".yaml";
    }

    /** {@code object} with the Application's labels added to its own (its own win). */
    static Map<String, Object> labelled(Map<String, Object> object, Labels labels) {
        SortedMap<String, Object> out = new TreeMap<>(object);
        @SuppressWarnings("unchecked")
        SortedMap<String, Object> metadata = new TreeMap<>((Map<String, Object>) object.get("metadata"));
        SortedMap<String, Object> merged = new TreeMap<>(labels.map());
        if (metadata.get("labels") instanceof Map<?, ?> own) {
            own.forEach((k, v) -> merged.put(String.valueOf(k), v));
        }
        metadata.put("labels", merged);
        out.put("metadata", metadata);
        return out;
    }

    /** A Flux Kustomization applying {@code path} of the Environment repo, pruning what leaves it. */
    static Map<String, Object> fluxKustomization(String name, String path, List<String> dependsOn) {
        SortedMap<String, Object> spec = new TreeMap<>();
        spec.put("interval", RECONCILE_INTERVAL);
        spec.put("retryInterval", RETRY_INTERVAL);
        spec.put("path", path);
        spec.put("prune", true);
        spec.put("sourceRef", map("kind", "GitRepository", "name", GIT_REPOSITORY));
        if (!dependsOn.isEmpty()) {
            spec.put("dependsOn", dependsOn.stream().map(d -> map("name", d)).toList());
        }
        if (name.equals(RESOURCES)) {
            // the manifests wait for this one, and need the CRDs its HelmReleases install
            spec.put("wait", true);
            spec.put("timeout", RECONCILE_INTERVAL);
        }
        return object(FLUX_KUSTOMIZE_API, "Kustomization", metadata(name, FLUX_NAMESPACE, managed()), spec);
    }

    static Map<String, Object> namespace(Labels labels) {
        return map(
                "apiVersion", "v1", "kind", "Namespace", "metadata", map("name", labels.app(), "labels", labels.map()));
    }

    /** The Flux source of an Application's chart: a HelmRepository, or an OCIRepository of the chart itself. */
    static Map<String, Object> source(Labels labels, ChartRef chart) {
        String app = labels.app();
        if (chart.isOci()) {
            return object(
                    SOURCE_API,
                    "OCIRepository",
                    metadata(app, app, labels.map()),
                    map(
                            "interval",
                            SOURCE_INTERVAL,
                            "url",
                            stripSlash(chart.repository()) + "/" + chart.name(),
                            "ref",
                            map("tag", chart.version()),
                            "layerSelector",
                            map("mediaType", HELM_CHART_LAYER, "operation", "copy")));
        }
        return object(
                SOURCE_API,
                "HelmRepository",
                metadata(app, app, labels.map()),
                map("interval", SOURCE_INTERVAL, "url", chart.repository()));
    }

    /**
     * The HelmRelease of an Application: the chart from its source, {@code values}, each secret from the
     * Application's Secret at its Helm path, and a {@code dependsOn} on each HelmRelease it needs.
     */
    static Map<String, Object> helmRelease(
            Labels labels, ChartRef chart, Map<String, Object> values, List<Secret> secrets, List<String> dependsOn) {
        String app = labels.app();
        SortedMap<String, Object> spec = new TreeMap<>();
        spec.put("interval", RECONCILE_INTERVAL);
        if (chart.isOci()) {
            spec.put("chartRef", map("kind", "OCIRepository", "name", app));
        } else {
            spec.put(
                    "chart",
                    map(
                            "spec",
                            map(
                                    "chart",
                                    chart.name(),
                                    "version",
                                    chart.version(),
                                    "sourceRef",
                                    map("kind", "HelmRepository", "name", app))));
        }
        spec.put("install", map("crds", "CreateReplace", "remediation", map("retries", REMEDIATION_RETRIES)));
        spec.put("upgrade", map("crds", "CreateReplace", "remediation", map("retries", REMEDIATION_RETRIES)));
        if (!dependsOn.isEmpty()) {
            spec.put(
                    "dependsOn",
                    dependsOn.stream().map(d -> map("name", d, "namespace", d)).toList());
        }
        if (!values.isEmpty()) {
            spec.put("values", values);
        }
        if (!secrets.isEmpty()) {
            spec.put(
                    "valuesFrom",
                    secrets.stream()
                            .map(s -> map(
                                    "kind", "Secret",
                                    "name", secretName(app),
                                    "valuesKey", s.property(),
                                    "targetPath", s.helmPath()))
                            .toList());
        }
        return object(HELM_API, "HelmRelease", metadata(app, app, labels.map()), spec);
    }

    /**
     * The ExternalSecret that builds the Application's Secret from its entry in the secret store. The Secret is
     * labelled for helm-controller to watch, so new values roll out at once; the secrets revision, a new opaque id
     * whenever the values change, goes into External Secrets' {@code force-sync} annotation so they are fetched at
     * once rather than at the next refresh.
     */
    static Map<String, Object> externalSecret(
            EnvironmentRef env, Labels labels, List<Secret> secrets, Optional<String> revision) {
        String app = labels.app();
        String key = env.org() + "/" + env.env() + "/" + app;
        SortedMap<String, Object> metadata = new TreeMap<>(metadata(secretName(app), app, labels.map()));
        revision.ifPresent(r -> metadata.put("annotations", map(FORCE_SYNC, r)));
        return object(
                EXTERNAL_SECRETS_API,
                "ExternalSecret",
                metadata,
                map(
                        "refreshInterval", SOURCE_INTERVAL,
                        "secretStoreRef", map("kind", "ClusterSecretStore", "name", SECRET_STORE),
                        "target",
                                map(
                                        "name",
                                        secretName(app),
                                        "creationPolicy",
                                        "Owner",
                                        "template",
                                        map("metadata", map("labels", map(FLUX_WATCH, "Enabled")))),
                        "data",
                                secrets.stream()
                                        .map(s -> map(
                                                "secretKey",
                                                s.property(),
                                                "remoteRef",
                                                map("key", key, "property", s.property())))
                                        .toList()));
    }

    static String secretName(String app) {
        return app + "-secrets";
    }

    /** One secret field of an Application: its property in the store and the Secret, and its Helm values path. */
    record Secret(String property, String helmPath) {}

    /** The labels every object of one Application carries. */
    record Labels(String app, String blueprint, Optional<String> partOf) {
        Map<String, Object> map() {
            SortedMap<String, Object> out = new TreeMap<>(managed());
            out.put("catalyst.openova.io/application", app);
            out.put("catalyst.openova.io/blueprint", blueprint);
            partOf.ifPresent(parent -> out.put("app.kubernetes.io/part-of", parent));
            return out;
        }
    }

    private static Map<String, Object> managed() {
        return map("app.kubernetes.io/managed-by", "catalyst");
    }

    private static Map<String, Object> object(
            String apiVersion, String kind, Map<String, Object> metadata, Map<String, Object> spec) {
        return map("apiVersion", apiVersion, "kind", kind, "metadata", metadata, "spec", spec);
    }

    private static Map<String, Object> metadata(String name, String namespace, Map<String, Object> labels) {
        return map("name", name, "namespace", namespace, "labels", labels);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** A sorted map of the given keys and values. */
    private static SortedMap<String, Object> map(Object... keysAndValues) {
        SortedMap<String, Object> out = new TreeMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return out;
    }
}

package io.openova.catalyst.provisioning.compose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.ChartRef;
import io.openova.catalyst.api.blueprint.CompositeMember;
import io.openova.catalyst.api.blueprint.Render;
import io.openova.catalyst.api.environment.EnvironmentRef;
import io.openova.catalyst.api.environment.Names;
import io.openova.catalyst.catalog.Catalog;
import io.openova.catalyst.catalog.Defaults;
import io.openova.catalyst.catalog.JsonValuesMapper;
import io.openova.catalyst.catalog.Templates;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Composes the whole tree of an Environment repository from the Applications installed in it: a pure function,
 * byte-identical for the same catalog and the same set of Applications, whatever their order.
 *
 * <pre>
 * kustomization.yaml                      resources: [flux]
 * flux/kustomization.yaml                 resources: [dependencies.yaml, resources.yaml, manifests.yaml]
 * flux/dependencies.yaml                  Flux Kustomization catalyst-dependencies: ./dependencies
 * flux/resources.yaml                     Flux Kustomization catalyst-resources: ./resources, after the dependencies,
 *                                         waiting for its HelmReleases to be ready
 * flux/manifests.yaml                     Flux Kustomization catalyst-manifests: ./manifests, after the resources
 * dependencies/kustomization.yaml         resources: the Applications (composites expanded), sorted
 * dependencies/&lt;app&gt;/namespace.yaml       Namespace &lt;app&gt;
 * dependencies/&lt;app&gt;/source.yaml          HelmRepository or OCIRepository &lt;app&gt;, when it has a chart
 * resources/kustomization.yaml            resources: the Applications with a HelmRelease or secrets, sorted
 * resources/&lt;app&gt;/helmrelease.yaml        HelmRelease &lt;app&gt;, when it has a chart (values from render.values)
 * resources/&lt;app&gt;/externalsecret.yaml     ExternalSecret &lt;app&gt;-secrets, when secrets are set
 * manifests/kustomization.yaml            resources: the Applications with render.manifests, sorted
 * manifests/&lt;app&gt;/kustomization.yaml      namespace: &lt;app&gt;, resources: the files below
 * manifests/&lt;app&gt;/&lt;kind&gt;-&lt;name&gt;.yaml     each object of render.manifests: after the HelmReleases, so the CRDs
 *                                         their charts install exist when custom resources are applied
 * .catalyst/applications/&lt;app&gt;.yaml       the Application record (every Application, composites included)
 * </pre>
 */
public final class Composer {
    private static final String RESOURCES = "resources/";
    private static final String MANIFESTS = "manifests/";
    private static final String KUSTOMIZATION = "kustomization.yaml";

    /** Past this many memoized Applications the memo starts over, which bounds its memory. */
    private static final int MEMO_LIMIT = 20_000;

    /** The files every Environment has, the same whatever its Applications. */
    private static final SortedMap<String, byte[]> FIXED_FILES = fixedFiles();

    private final Catalog catalog;
    private final ConcurrentHashMap<AppKey, SortedMap<String, byte[]>> memo = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<List<String>, byte[]> kustomizations = new ConcurrentHashMap<>();

    /**
     * A composer for {@code catalog}. It remembers the files it composed for each Application, by Environment, record
     * and the releases it waits for; those determine the files completely, so an Environment with many Applications
     * is recomposed by rendering only the ones that changed. Use one instance per catalog.
     */
    public Composer(Catalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    public Catalog catalog() {
        return catalog;
    }

    private record AppKey(EnvironmentRef env, ApplicationRecord app, List<String> dependsOn) {}

    /**
     * The full repository tree, by path ('/'-separated, relative to the root), for the Applications {@code apps}:
     * every Application of the Environment, composite members included (see {@link #expand}).
     */
    public SortedMap<String, byte[]> compose(EnvironmentRef env, List<ApplicationRecord> apps)
            throws CompositionException {
        InstalledApplications installed = InstalledApplications.of(catalog, apps);
        SortedMap<String, byte[]> tree = new TreeMap<>();
        List<String> namespaces = new ArrayList<>();
        List<String> releases = new ArrayList<>();
        List<String> manifests = new ArrayList<>();
        for (ApplicationRecord app : installed.apps()) {
            Blueprint blueprint = installed.blueprintOf(app.name());
            boolean composite = blueprint.spec().isComposite();
            List<String> dependsOn = composite ? List.of() : installed.dependsOn(app.name());
            AppKey key = new AppKey(env, app, dependsOn);
            SortedMap<String, byte[]> files = memo.get(key);
            if (files == null) {
                files = new TreeMap<>();
                files.put(ApplicationRecords.path(app.name()), ApplicationRecords.write(app));
                if (!composite) {
                    writeApplication(files, env, app, blueprint, dependsOn);
                }
                files = Collections.unmodifiableSortedMap(files);
                if (memo.size() >= MEMO_LIMIT) {
                    memo.clear();
                }
                memo.put(key, files);
            }
            tree.putAll(files);
            if (!composite) {
                namespaces.add(app.name());
            }
            if (files.containsKey(RESOURCES + app.name() + "/" + KUSTOMIZATION)) {
                releases.add(app.name());
            }
            if (files.containsKey(MANIFESTS + app.name() + "/" + KUSTOMIZATION)) {
                manifests.add(app.name());
            }
        }
        tree.putAll(FIXED_FILES);
        tree.put("dependencies/kustomization.yaml", kustomization(namespaces));
        tree.put(RESOURCES + KUSTOMIZATION, kustomization(releases));
        tree.put(MANIFESTS + KUSTOMIZATION, kustomization(manifests));
        return Collections.unmodifiableSortedMap(tree);
    }

    private static SortedMap<String, byte[]> fixedFiles() {
        SortedMap<String, byte[]> files = new TreeMap<>();
        put(files, "kustomization.yaml", Manifests.kustomization(List.of("flux")));
        put(
                files,
                "flux/kustomization.yaml",
                Manifests.kustomization(List.of("dependencies.yaml", "resources.yaml", "manifests.yaml")));
        put(
                files,
                "flux/dependencies.yaml",
                Manifests.fluxKustomization(Manifests.DEPENDENCIES, "./dependencies", List.of()));
        put(
                files,
                "flux/resources.yaml",
                Manifests.fluxKustomization(Manifests.RESOURCES, "./resources", List.of(Manifests.DEPENDENCIES)));
        put(
                files,
                "flux/manifests.yaml",
                Manifests.fluxKustomization(Manifests.MANIFESTS, "./manifests", List.of(Manifests.RESOURCES)));
        return Collections.unmodifiableSortedMap(files);
    }

    /** A {@code kustomization.yaml} listing {@code resources}, rendered once per list this composer has seen. */
    private byte[] kustomization(List<String> resources) {
        byte[] rendered = kustomizations.get(resources);
        if (rendered == null) {
            rendered = CanonicalYaml.write(Manifests.kustomization(resources));
            if (kustomizations.size() >= MEMO_LIMIT) {
                kustomizations.clear();
            }
            kustomizations.put(List.copyOf(resources), rendered);
        }
        return rendered;
    }

    /**
     * The records installing {@code app} writes: {@code app} itself and, for a composite Blueprint, one record per
     * member named {@code <app>-<member>} (part of {@code app}, the member's curated config as its values), members of
     * nested composites likewise ({@code <app>-<member>-<submember>}), in the composite's install order.
     */
    public static List<ApplicationRecord> expand(Catalog catalog, ApplicationRecord app) throws CompositionException {
        List<ApplicationRecord> out = new ArrayList<>();
        expandInto(catalog, app, out);
        return List.copyOf(out);
    }

    private static void expandInto(Catalog catalog, ApplicationRecord app, List<ApplicationRecord> out)
            throws CompositionException {
        Blueprint blueprint = blueprint(catalog, app);
        out.add(app);
        if (blueprint.spec().composite().isEmpty()) {
            return;
        }
        for (CompositeMember member : blueprint.spec().composite().get().members()) {
            String name = app.name() + "-" + member.blueprint();
            Optional<String> problem = Names.problem(name);
            if (problem.isPresent()) {
                throw new CompositionException("member '" + member.blueprint() + "' of Application '" + app.name()
                        + "' would be named '" + name + "', which " + problem.get() + ": choose a shorter name");
            }
            Blueprint memberBlueprint = catalog.get(member.blueprint())
                    .orElseThrow(() -> new CompositionException("no Blueprint named '" + member.blueprint() + "'"));
            expandInto(
                    catalog,
                    new ApplicationRecord(
                            name,
                            member.blueprint(),
                            memberBlueprint.spec().version(),
                            member.config(),
                            List.of(),
                            Optional.of(app.name())),
                    out);
        }
    }

    private static void writeApplication(
            SortedMap<String, byte[]> tree,
            EnvironmentRef env,
            ApplicationRecord app,
            Blueprint blueprint,
            List<String> dependsOn)
            throws CompositionException {
        Optional<ChartRef> chart = blueprint.spec().chart();
        Optional<Render> render = blueprint.spec().render();
        if (chart.isEmpty() && render.map(r -> r.manifests().isEmpty()).orElse(true)) {
            throw new CompositionException("Blueprint '" + blueprint.name() + "' has neither a chart nor manifests");
        }
        JsonNode schema = JsonValuesMapper.toNode(blueprint.spec().configSchema());
        SecretFields secretFields = new SecretFields(schema);
        ObjectNode config = config(app, schema, secretFields);
        List<Manifests.Secret> secrets = secrets(app, blueprint, secretFields);
        Manifests.Labels labels = new Manifests.Labels(app.name(), blueprint.name(), app.partOf());
        Templates.Context context = context(env, app, blueprint, config);

        String dependencies = "dependencies/" + app.name() + "/";
        List<String> dependencyFiles = new ArrayList<>(List.of("namespace.yaml"));
        put(tree, dependencies + "namespace.yaml", Manifests.namespace(labels));
        if (chart.isPresent()) {
            dependencyFiles.add("source.yaml");
            put(tree, dependencies + "source.yaml", Manifests.source(labels, chart.get()));
        }
        put(tree, dependencies + "kustomization.yaml", Manifests.kustomization(dependencyFiles));

        String resources = RESOURCES + app.name() + "/";
        List<String> files = new ArrayList<>();
        List<String> manifestFiles = new ArrayList<>();
        if (!secrets.isEmpty()) {
            files.add("externalsecret.yaml");
            put(
                    tree,
                    resources + "externalsecret.yaml",
                    Manifests.externalSecret(env, labels, secrets, app.secretsRevision()));
        }
        if (chart.isPresent()) {
            Map<String, Object> values = JsonValuesMapper.toMap(helmValues(blueprint, context));
            files.add("helmrelease.yaml");
            put(
                    tree,
                    resources + "helmrelease.yaml",
                    Manifests.helmRelease(labels, chart.get(), values, secrets, dependsOn));
        }
        for (Map<String, Object> template : render.map(Render::manifests).orElse(List.of())) {
            Map<String, Object> object =
                    JsonValuesMapper.toMap(Templates.render(JsonValuesMapper.toNode(template), context));
            String file = Manifests.fileName(object);
            if (manifestFiles.contains(file)) {
                throw new CompositionException("Blueprint '" + blueprint.name() + "' renders two objects to " + file);
            }
            manifestFiles.add(file);
            put(tree, MANIFESTS + app.name() + "/" + file, Manifests.labelled(object, labels));
        }
        if (!files.isEmpty()) {
            put(tree, resources + KUSTOMIZATION, Manifests.kustomization(files));
        }
        if (!manifestFiles.isEmpty()) {
            put(tree, MANIFESTS + app.name() + "/" + KUSTOMIZATION, Manifests.kustomization(app.name(), manifestFiles));
        }
    }

    /** The Blueprint's defaults overlaid with the Application's values, without secret fields. */
    private static Templates.Context context(
            EnvironmentRef env, ApplicationRecord app, Blueprint blueprint, ObjectNode config) {
        return new Templates.Context(
                app.name(),
                app.name(),
                env.org(),
                env.env(),
                blueprint.spec().version(),
                Manifests.secretName(app.name()),
                app.secretsRevision().orElse(""),
                config);
    }

    /** {@code spec.values} of the HelmRelease: render.values rendered, or the config itself without a template. */
    private static JsonNode helmValues(Blueprint blueprint, Templates.Context context) {
        return blueprint
                .spec()
                .render()
                .flatMap(Render::values)
                .map(template -> Templates.render(JsonValuesMapper.toNode(template), context))
                .orElseGet(() -> context.config().deepCopy());
    }

    /**
     * The Helm values (the HelmRelease's {@code spec.values}) {@code app} is composed with, for the IaC depth of the
     * console.
     *
     * @throws CompositionException if the Blueprint renders no HelmRelease, or the values hold a secret field (as
     *     composing refuses)
     */
    public static JsonNode helmValues(EnvironmentRef env, ApplicationRecord app, Blueprint blueprint)
            throws CompositionException {
        return helmValues(blueprint, valuesContext(env, app, blueprint));
    }

    /**
     * The config that makes {@code app} compose with the Helm values {@code edited} ({@link Templates#invert}); without
     * a render.values template the values are the config itself, pointer {@code ""}.
     *
     * @throws CompositionException if the Blueprint renders no HelmRelease
     */
    public static Templates.Inversion configFromHelmValues(
            EnvironmentRef env, ApplicationRecord app, Blueprint blueprint, JsonNode edited)
            throws CompositionException {
        Templates.Context context = valuesContext(env, app, blueprint);
        Optional<Map<String, Object>> template = blueprint.spec().render().flatMap(Render::values);
        if (template.isEmpty()) {
            SortedMap<String, JsonNode> whole = new TreeMap<>();
            whole.put("", edited.deepCopy());
            return new Templates.Inversion(whole, new ArrayList<>());
        }
        return Templates.invert(JsonValuesMapper.toNode(template.get()), edited, context);
    }

    private static Templates.Context valuesContext(EnvironmentRef env, ApplicationRecord app, Blueprint blueprint)
            throws CompositionException {
        if (blueprint.spec().chart().isEmpty()) {
            throw new CompositionException(
                    "Blueprint '" + blueprint.name() + "' renders no HelmRelease: its manifests are not Helm values");
        }
        JsonNode schema = JsonValuesMapper.toNode(blueprint.spec().configSchema());
        return context(env, app, blueprint, config(app, schema, new SecretFields(schema)));
    }

    private static ObjectNode config(ApplicationRecord app, JsonNode schema, SecretFields secretFields)
            throws CompositionException {
        ObjectNode user = (ObjectNode) JsonValuesMapper.toNode(app.values());
        List<String> leaked = secretFields.presentIn(user);
        if (!leaked.isEmpty()) {
            throw new CompositionException("Application '" + app.name() + "' holds a value for the secret field "
                    + leaked.getFirst() + " in its values: secret values belong in the secret store, never in Git");
        }
        ObjectNode effective = (ObjectNode) Defaults.apply(schema, user);
        return secretFields.without(effective);
    }

    private static List<Manifests.Secret> secrets(ApplicationRecord app, Blueprint blueprint, SecretFields secretFields)
            throws CompositionException {
        List<Manifests.Secret> out = new ArrayList<>();
        for (String pointer : app.secrets()) {
            if (!secretFields.isSecret(pointer)) {
                throw new CompositionException("Application '" + app.name() + "' has a secret at " + pointer
                        + ", which is not a secret field of Blueprint '" + blueprint.name() + "' "
                        + blueprint.spec().version());
            }
            String helmPath = secretFields
                    .helmPath(pointer)
                    .orElseThrow(() -> new CompositionException("the secret field " + pointer + " of Blueprint '"
                            + blueprint.name() + "' cannot be a Secret key: use letters, digits, '-', '_' and '.'"));
            out.add(new Manifests.Secret(SecretFields.property(pointer), helmPath));
        }
        return out;
    }

    private static void put(SortedMap<String, byte[]> tree, String path, Map<String, Object> document) {
        tree.put(path, CanonicalYaml.write(document));
    }

    /** The Blueprint at the version the Application's record names: each Application composes with its own. */
    static Blueprint blueprint(Catalog catalog, ApplicationRecord app) throws CompositionException {
        if (catalog.get(app.blueprint()).isEmpty()) {
            throw new CompositionException("Application '" + app.name() + "' needs Blueprint '" + app.blueprint()
                    + "', which the catalog does not have");
        }
        return catalog.get(app.blueprint(), app.version())
                .orElseThrow(() -> new CompositionException("Application '" + app.name() + "' is at version "
                        + app.version() + " of Blueprint '" + app.blueprint()
                        + "', which the catalog no longer has (it has "
                        + String.join(", ", catalog.versions(app.blueprint())) + ")"));
    }
}

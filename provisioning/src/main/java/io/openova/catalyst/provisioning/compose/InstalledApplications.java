package io.openova.catalyst.provisioning.compose;

import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.catalog.Catalog;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The Applications of one Environment, checked together, and the HelmReleases each one needs. */
record InstalledApplications(
        SortedMap<String, ApplicationRecord> byName,
        Map<String, Blueprint> blueprints,
        Map<String, SortedSet<String>> members) {

    /** Names Kubernetes or Flux own: an Application there would take over, and on uninstall delete, them. */
    private static final List<String> RESERVED = List.of("default", Manifests.FLUX_NAMESPACE);

    static InstalledApplications of(Catalog catalog, List<ApplicationRecord> apps) throws CompositionException {
        SortedMap<String, ApplicationRecord> byName = new TreeMap<>();
        Map<String, Blueprint> blueprints = new TreeMap<>();
        for (ApplicationRecord app : apps) {
            if (byName.putIfAbsent(app.name(), app) != null) {
                throw new CompositionException("two Applications are named '" + app.name() + "'");
            }
            if (RESERVED.contains(app.name()) || app.name().startsWith("kube-")) {
                throw new CompositionException("the name '" + app.name()
                        + "' is reserved for a namespace of Kubernetes or Flux: choose another name");
            }
        }
        Map<String, SortedSet<String>> members = new TreeMap<>();
        for (ApplicationRecord app : byName.values()) {
            blueprints.put(app.name(), Composer.blueprint(catalog, app));
        }
        for (ApplicationRecord app : byName.values()) {
            if (app.partOf().isPresent()) {
                String parent = app.partOf().get();
                if (!blueprints.containsKey(parent)
                        || !blueprints.get(parent).spec().isComposite()) {
                    throw new CompositionException("Application '" + app.name() + "' is part of '" + parent
                            + "', which is not a composite Application of this Environment");
                }
                members.computeIfAbsent(parent, p -> new TreeSet<>()).add(app.name());
            }
        }
        return new InstalledApplications(byName, blueprints, members);
    }

    Iterable<ApplicationRecord> apps() {
        return byName.values();
    }

    Blueprint blueprintOf(String app) {
        return blueprints.get(app);
    }

    /**
     * The HelmReleases {@code app} waits for: those of every Application in the Environment whose Blueprint is a
     * dependency of {@code app}'s Blueprint (for a composite Application, those of its members). Dependencies
     * not installed here (host-cluster and control-plane Blueprints) are not waited for, and neither are
     * Applications without a chart: their manifests are applied with the rest of {@code resources/}, which Flux
     * retries until what they need is there.
     */
    List<String> dependsOn(String app) {
        SortedSet<String> out = new TreeSet<>();
        for (String dependency : blueprints.get(app).spec().dependsOn()) {
            blueprints.forEach((other, blueprint) -> {
                if (blueprint.name().equals(dependency)) {
                    releasesOf(other, out);
                }
            });
        }
        out.remove(app);
        return List.copyOf(out);
    }

    private void releasesOf(String app, SortedSet<String> out) {
        if (!blueprints.get(app).spec().isComposite()) {
            if (blueprints.get(app).spec().chart().isPresent()) {
                out.add(app);
            }
            return;
        }
        for (String member : members.getOrDefault(app, Collections.emptySortedSet())) {
            releasesOf(member, out);
        }
    }
}

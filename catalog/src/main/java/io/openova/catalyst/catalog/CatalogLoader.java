package io.openova.catalyst.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openova.catalyst.api.blueprint.Blueprint;
import io.openova.catalyst.api.blueprint.CompositeMember;
import io.openova.catalyst.api.blueprint.Placement;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Loads Blueprint sources into a {@link Catalog}: every file read and checked on its own, then the catalog checked as
 * a whole (dependencies resolve, no cycles, composites reference existing Blueprints with valid config, placement
 * rules). A Blueprint with a problem, or that needs one that has a problem, is left out whole: never half-loaded.
 */
public final class CatalogLoader {
    private final BlueprintReader reader = new BlueprintReader();

    /** The catalog of every valid Blueprint and the problems of the rest, sorted by file and line. */
    public record LoadResult(Catalog catalog, List<Problem> problems) {
        public LoadResult {
            problems = List.copyOf(new TreeSet<>(problems));
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public LoadResult load(List<? extends BlueprintSource> sources) throws IOException {
        List<Problem> problems = new ArrayList<>();
        Map<String, BlueprintReader.Read> read = new LinkedHashMap<>();
        Map<String, List<Earlier>> earlier = new HashMap<>();
        Set<String> rejected = new TreeSet<>();
        MessageDigest digest = sha256();
        for (BlueprintSource source : sources) {
            BlueprintSource.Listing listing = source.list();
            problems.addAll(listing.problems());
            Map<String, BlueprintReader.Read> ownCurrent = new HashMap<>();
            Map<String, List<Earlier>> ownEarlier = new LinkedHashMap<>();
            for (BlueprintSource.SourceFile file : listing.files()) {
                digest.update(file.file().getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(file.content());
                digest.update((byte) 0);
                BlueprintReader.Result result = reader.read(file.file(), file.folder(), file.content());
                if (file.version().isPresent()) {
                    List<Earlier> versions = ownEarlier.computeIfAbsent(file.folder(), f -> new ArrayList<>());
                    switch (result) {
                        case BlueprintReader.Read ok ->
                            versions.add(new Earlier(file.version().get(), ok, List.of()));
                        case BlueprintReader.Rejected no ->
                            versions.add(new Earlier(file.version().get(), null, no.problems()));
                    }
                    continue;
                }
                switch (result) {
                    case BlueprintReader.Read ok -> {
                        BlueprintReader.Read first =
                                read.putIfAbsent(ok.blueprint().name(), ok);
                        if (first != null) {
                            problems.add(ok.document()
                                    .problem(
                                            "/metadata/name",
                                            "'" + ok.blueprint().name() + "' is already defined by "
                                                    + first.document().file()));
                        } else {
                            ownCurrent.put(file.folder(), ok);
                        }
                    }
                    case BlueprintReader.Rejected no -> {
                        problems.addAll(no.problems());
                        rejected.add(file.folder());
                    }
                }
            }
            // Earlier versions belong to the current version of the same source; beside a rejected or duplicate
            // current version they are only reported.
            ownEarlier.forEach((folder, versions) -> {
                BlueprintReader.Read current = ownCurrent.get(folder);
                if (current != null) {
                    earlier.put(current.blueprint().name(), versions);
                } else {
                    versions.forEach(e -> problems.addAll(e.problems()));
                }
            });
        }
        Map<String, List<Problem>> byBlueprint = new HashMap<>();
        read.values().forEach(r -> byBlueprint.put(r.blueprint().name(), new ArrayList<>()));
        for (BlueprintReader.Read r : read.values()) {
            checkReferences(r, read, rejected, byBlueprint.get(r.blueprint().name()));
        }
        earlier.forEach((name, versions) -> checkEarlier(read.get(name), versions, read, rejected, byBlueprint));
        checkCycles(read, byBlueprint);
        excludeDependentsOfInvalid(read, rejected, byBlueprint);
        Map<String, Blueprint> valid = new TreeMap<>();
        Map<String, List<Blueprint>> earlierValid = new TreeMap<>();
        Map<String, String> files = new TreeMap<>();
        byBlueprint.forEach((name, own) -> {
            problems.addAll(own);
            if (own.isEmpty()) {
                valid.put(name, read.get(name).blueprint());
                files.put(name, read.get(name).document().file());
                earlierValid.put(
                        name,
                        earlier.getOrDefault(name, List.of()).stream()
                                .map(e -> e.read().blueprint())
                                .toList());
            }
        });
        String revision = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        return new LoadResult(new Catalog(valid, earlierValid, files, revision), problems);
    }

    /** An earlier version of a Blueprint as read: the version folder's name, and the Blueprint or its problems. */
    private record Earlier(String folder, BlueprintReader.Read read, List<Problem> problems) {}

    /**
     * The checks of an earlier version: each passes the checks of a current one, is in the folder named for its
     * version, names the same Blueprint, is lower than the current version, and no version is there twice. A problem
     * in any version leaves the whole Blueprint out.
     */
    private static void checkEarlier(
            BlueprintReader.Read current,
            List<Earlier> versions,
            Map<String, BlueprintReader.Read> read,
            Set<String> rejected,
            Map<String, List<Problem>> byBlueprint) {
        List<Problem> own = byBlueprint.get(current.blueprint().name());
        String currentVersion = current.blueprint().spec().version();
        Map<String, String> seen = new HashMap<>();
        seen.put(currentVersion, current.document().file());
        for (Earlier e : versions) {
            own.addAll(e.problems());
            if (e.read() == null) {
                continue;
            }
            BlueprintReader.Read r = e.read();
            String version = r.blueprint().spec().version();
            String first = seen.putIfAbsent(version, r.document().file());
            if (!version.equals(e.folder())) {
                own.add(r.document()
                        .problem(
                                "/spec/version",
                                "'" + version + "' must equal the name of its version folder '" + e.folder() + "'"));
            } else if (first != null) {
                own.add(r.document()
                        .problem("/spec/version", "version " + version + " is already defined by " + first));
            } else if (Versions.compare(version, currentVersion) > 0) {
                own.add(r.document()
                        .problem(
                                "/spec/version",
                                "an earlier version must be lower than the current version " + currentVersion + " ("
                                        + current.document().file() + ")"));
            }
            checkReferences(r, read, rejected, own);
        }
    }

    private static void checkReferences(
            BlueprintReader.Read r, Map<String, BlueprintReader.Read> read, Set<String> rejected, List<Problem> own) {
        Blueprint blueprint = r.blueprint();
        List<String> dependsOn = blueprint.spec().dependsOn();
        for (int i = 0; i < dependsOn.size(); i++) {
            String target = dependsOn.get(i);
            String pointer = "/spec/dependsOn/" + i;
            if (target.equals(blueprint.name())) {
                own.add(r.document().problem(pointer, "a Blueprint cannot depend on itself"));
            } else if (!read.containsKey(target)) {
                if (!rejected.contains(target)) {
                    own.add(r.document().problem(pointer, "dependsOn '" + target + "' does not exist"));
                }
            } else {
                checkDependency(r, read.get(target).blueprint(), pointer, own);
            }
        }
        blueprint.spec().composite().ifPresent(composite -> {
            List<CompositeMember> members = composite.members();
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < members.size(); i++) {
                String target = members.get(i).blueprint();
                String pointer = "/spec/composite/members/" + i;
                if (!seen.add(target)) {
                    own.add(r.document().problem(pointer + "/blueprint", "member '" + target + "' is listed twice"));
                } else if (target.equals(blueprint.name())) {
                    own.add(r.document().problem(pointer + "/blueprint", "a composite cannot contain itself"));
                } else if (!read.containsKey(target)) {
                    if (!rejected.contains(target)) {
                        own.add(r.document().problem(pointer + "/blueprint", "member '" + target + "' does not exist"));
                    }
                } else {
                    checkMember(r, read.get(target).blueprint(), members.get(i), pointer, own);
                }
            }
        });
    }

    private static void checkDependency(
            BlueprintReader.Read from, Blueprint target, String pointer, List<Problem> own) {
        if (target.spec().bootstrapOnly()) {
            own.add(from.document()
                    .problem(pointer, "'" + target.name() + "' is bootstrap-only and never runs on a cluster"));
            return;
        }
        for (Placement placement : from.blueprint().spec().placements()) {
            if (!reachable(placement, target)) {
                own.add(from.document()
                        .problem(
                                pointer,
                                "'" + target.name() + "' (placement " + ids(target) + ") is not reachable from "
                                        + article(placement) + " Blueprint"
                                        + (placement == Placement.APPLICATION
                                                        && target.spec()
                                                                .placement()
                                                                .contains(Placement.CONTROL_PLANE)
                                                ? ": Organizations cannot reach it (it is not tenantReachable)"
                                                : "")));
            }
        }
    }

    /**
     * Whether a Blueprint placed at {@code from} can use {@code target}: host-cluster services exist on every
     * cluster; control-plane services are reachable from Organizations' vclusters only when tenantReachable;
     * Applications live inside one Organization's vcluster, out of the infrastructure's reach.
     */
    static boolean reachable(Placement from, Blueprint target) {
        Set<Placement> at = target.spec().placement();
        return switch (from) {
            case APPLICATION ->
                at.contains(Placement.APPLICATION)
                        || at.contains(Placement.HOST_CLUSTER)
                        || (at.contains(Placement.CONTROL_PLANE)
                                && target.spec().tenantReachable());
            case HOST_CLUSTER, CONTROL_PLANE ->
                at.contains(Placement.HOST_CLUSTER) || at.contains(Placement.CONTROL_PLANE);
        };
    }

    private static void checkMember(
            BlueprintReader.Read composite,
            Blueprint member,
            CompositeMember entry,
            String pointer,
            List<Problem> own) {
        if (member.spec().bootstrapOnly()) {
            own.add(composite
                    .document()
                    .problem(
                            pointer + "/blueprint",
                            "'" + member.name() + "' is bootstrap-only and cannot be a member"));
        }
        for (Placement placement : composite.blueprint().spec().placements()) {
            if (!member.spec().placement().contains(placement)) {
                own.add(composite
                        .document()
                        .problem(
                                pointer + "/blueprint",
                                "member '" + member.name() + "' cannot be placed in " + placement.id()
                                        + " (its placement: " + ids(member) + ")"));
            }
        }
        JsonNode schema = JsonValuesMapper.toNode(member.spec().configSchema());
        ObjectNode config = (ObjectNode) JsonValuesMapper.toNode(entry.config());
        JsonNode withDefaults = Defaults.apply(schema, config);
        for (JsonSchemas.Violation v : JsonSchemas.validate(ConfigSchemaLinter.compile(schema), withDefaults)) {
            own.add(composite
                    .document()
                    .problem(
                            pointer + "/config" + v.pointer(),
                            "not valid for '" + member.name() + "': " + v.message()));
        }
    }

    private static void checkCycles(Map<String, BlueprintReader.Read> read, Map<String, List<Problem>> byBlueprint) {
        Map<String, Integer> state = new HashMap<>();
        Set<String> reported = new TreeSet<>();
        for (String name : read.keySet()) {
            findCycle(name, read, state, new ArrayList<>(), byBlueprint, reported);
        }
    }

    private static void findCycle(
            String name,
            Map<String, BlueprintReader.Read> read,
            Map<String, Integer> state,
            List<String> path,
            Map<String, List<Problem>> byBlueprint,
            Set<String> reported) {
        int s = state.getOrDefault(name, 0);
        if (s == 2) {
            return;
        }
        if (s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
            cycle.add(name);
            String key = String.join(" -> ", canonical(cycle));
            if (reported.add(key)) {
                String text = "dependency cycle: " + String.join(" -> ", cycle);
                for (String member : new LinkedHashSet<>(cycle)) {
                    BlueprintReader.Read r = read.get(member);
                    byBlueprint.get(member).add(r.document().problem(edgePointer(r.blueprint(), cycle, member), text));
                }
            }
            return;
        }
        state.put(name, 1);
        path.add(name);
        for (String next : edges(read.get(name).blueprint())) {
            if (read.containsKey(next) && !next.equals(name)) {
                findCycle(next, read, state, path, byBlueprint, reported);
            }
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
    }

    private static List<String> canonical(List<String> cycle) {
        List<String> ring = cycle.subList(0, cycle.size() - 1);
        int start = ring.indexOf(new TreeSet<>(ring).first());
        List<String> out = new ArrayList<>(ring.subList(start, ring.size()));
        out.addAll(ring.subList(0, start));
        return out;
    }

    private static String edgePointer(Blueprint from, List<String> cycle, String member) {
        String next = cycle.get(cycle.indexOf(member) + 1);
        int dep = from.spec().dependsOn().indexOf(next);
        if (dep >= 0) {
            return "/spec/dependsOn/" + dep;
        }
        return from.spec()
                .composite()
                .map(c -> "/spec/composite/members/" + c.memberNames().indexOf(next))
                .orElse("/spec");
    }

    /** What a Blueprint needs: its dependencies and, for a composite, its members. */
    static List<String> edges(Blueprint blueprint) {
        List<String> out = new ArrayList<>(blueprint.spec().dependsOn());
        blueprint.spec().composite().ifPresent(c -> out.addAll(c.memberNames()));
        return out;
    }

    private static void excludeDependentsOfInvalid(
            Map<String, BlueprintReader.Read> read, Set<String> rejected, Map<String, List<Problem>> byBlueprint) {
        boolean changed = true;
        while (changed) {
            changed = false;
            for (BlueprintReader.Read r : read.values()) {
                List<Problem> own = byBlueprint.get(r.blueprint().name());
                if (!own.isEmpty()) {
                    continue;
                }
                for (String next : edges(r.blueprint())) {
                    boolean invalid = rejected.contains(next)
                            || (byBlueprint.containsKey(next)
                                    && !byBlueprint.get(next).isEmpty());
                    if (invalid) {
                        own.add(r.document()
                                .problem(
                                        edgePointer(
                                                r.blueprint(),
                                                List.of(r.blueprint().name(), next),
                                                r.blueprint().name()),
                                        "needs '" + next + "', which has problems; left out until they are fixed"));
                        changed = true;
                        break;
                    }
                }
            }
        }
    }

    private static String ids(Blueprint blueprint) {
        return String.join(
                ", ", blueprint.spec().placements().stream().map(Placement::id).toList());
    }

    private static String article(Placement placement) {
        return (placement == Placement.APPLICATION ? "an " : "a ") + placement.id();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

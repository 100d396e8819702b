package io.openova.catalyst.api.blueprint;

import java.util.List;

/** The members of a composite Blueprint, in install order. */
public record Composite(List<CompositeMember> members) {
    public Composite {
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a composite needs at least one member");
        }
    }

    public List<String> memberNames() {
        return members.stream().map(CompositeMember::blueprint).toList();
    }
}

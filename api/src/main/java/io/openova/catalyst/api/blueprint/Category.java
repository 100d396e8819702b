package io.openova.catalyst.api.blueprint;

import java.util.Arrays;
import java.util.Optional;

/** The catalog's categories: the sections of the platform spec (§2 to §4), with a stable id for URLs and files. */
public enum Category {
    CATALYST("catalyst", "Catalyst control plane"),
    NETWORKING("networking", "Networking and service mesh"),
    GITOPS("gitops", "GitOps and IaC"),
    SECURITY("security", "Security"),
    POLICY("policy", "Policy"),
    SCALING("scaling", "Scaling"),
    OPERATIONS("operations", "Operations"),
    OBSERVABILITY("observability", "Observability"),
    REGISTRY("registry", "Registry"),
    STORAGE("storage", "Storage"),
    RESILIENCE("resilience", "Resilience"),
    MESSAGING("messaging", "Messaging and events"),
    IDENTITY("identity", "Identity"),
    DATA_SERVICES("data-services", "Data services"),
    CDC("cdc", "Change data capture"),
    WORKFLOW("workflow", "Workflow and processing"),
    LAKEHOUSE("lakehouse", "Data lakehouse"),
    COMMUNICATION("communication", "Communication"),
    AI_ML("ai-ml", "AI / ML"),
    AI_SAFETY("ai-safety", "AI safety and observability"),
    IDENTITY_METERING("identity-metering", "Identity and metering"),
    CHAOS("chaos", "Chaos engineering");

    private final String id;
    private final String title;

    Category(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public String id() {
        return id;
    }

    public String title() {
        return title;
    }

    public static Optional<Category> fromId(String id) {
        return Arrays.stream(values()).filter(c -> c.id.equals(id)).findFirst();
    }
}

package io.openova.catalyst.provisioning.config;

import java.util.List;

/** A config that does not validate; carries every violation, not just the first. */
public final class InvalidConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigViolation> violations;

    public InvalidConfigException(String blueprint, List<ConfigViolation> violations) {
        super("the config is not valid for Blueprint '" + blueprint + "': " + violations.size()
                + (violations.size() == 1 ? " problem" : " problems"));
        this.violations = List.copyOf(violations);
    }

    public List<ConfigViolation> violations() {
        return violations;
    }
}

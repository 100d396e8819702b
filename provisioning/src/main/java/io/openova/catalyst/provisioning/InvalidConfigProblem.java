package io.openova.catalyst.provisioning;

import io.openova.catalyst.provisioning.config.ConfigViolation;
import io.openova.catalyst.provisioning.config.InvalidConfigException;
import java.util.List;

/** A config that failed validation: answered as 422 with every violation. */
public final class InvalidConfigProblem extends ProvisioningException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigViolation> violations;

    public InvalidConfigProblem(InvalidConfigException cause) {
        super(Kind.UNPROCESSABLE, cause.getMessage());
        this.violations = cause.violations();
        initCause(cause);
    }

    public List<ConfigViolation> violations() {
        return violations;
    }
}

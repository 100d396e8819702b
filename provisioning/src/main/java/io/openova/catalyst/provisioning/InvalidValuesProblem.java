package io.openova.catalyst.provisioning;

import io.openova.catalyst.catalog.Templates;
import java.util.List;

/**
 * Edited Helm values that no config renders: answered as 422 with every value that cannot be mapped back, at its JSON
 * pointer in the values.
 */
public final class InvalidValuesProblem extends ProvisioningException {
    private static final long serialVersionUID = 1L;
    private final transient List<Templates.Violation> violations;

    public InvalidValuesProblem(List<Templates.Violation> violations) {
        super(
                Kind.UNPROCESSABLE,
                violations.size() + (violations.size() == 1 ? " edited value" : " edited values")
                        + " cannot come from the Blueprint's config");
        this.violations = List.copyOf(violations);
    }

    public List<Templates.Violation> violations() {
        return violations;
    }
}

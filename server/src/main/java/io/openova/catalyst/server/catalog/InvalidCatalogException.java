package io.openova.catalyst.server.catalog;

import io.openova.catalyst.catalog.Problem;
import java.util.List;
import java.util.stream.Collectors;

/** The built-in catalog has problems: the server does not start on it. */
public final class InvalidCatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidCatalogException(String path, List<Problem> problems) {
        super("the catalog at " + path + " has " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + "; fix them or run 'catalyst blueprint lint " + path + "':\n"
                + problems.stream().map(Problem::format).collect(Collectors.joining("\n")));
    }
}

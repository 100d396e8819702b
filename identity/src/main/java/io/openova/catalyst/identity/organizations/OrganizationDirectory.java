package io.openova.catalyst.identity.organizations;

import io.openova.catalyst.identity.Organization;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The Organizations of the Sovereign, kept in an embedded H2 database ({@code <dir>/organizations.mv.db}). Thread-safe;
 * every change is one transaction, so a failed write changes nothing. Reads come from a copy in memory, loaded at
 * open and updated after each committed write: every request asks whether its Organization exists, and H2 holds the
 * file for this one process, so no other writer can make the copy stale.
 */
public final class OrganizationDirectory implements AutoCloseable {
    private static final String CREATE_TABLE =
            """
            CREATE TABLE IF NOT EXISTS organization (
              name VARCHAR(%d) PRIMARY KEY,
              display_name VARCHAR(%d) NOT NULL,
              tier VARCHAR(20) NOT NULL,
              max_environments INT NOT NULL,
              max_applications INT NOT NULL,
              cpu_millicores BIGINT NOT NULL,
              memory_mebibytes BIGINT NOT NULL,
              blueprint_sources VARCHAR(4000) NOT NULL
            )""".formatted(Organization.MAX_NAME_LENGTH, Organization.MAX_DISPLAY_NAME_LENGTH);
    private static final String COLUMNS =
            "name, display_name, tier, max_environments, max_applications, cpu_millicores, memory_mebibytes,"
                    + " blueprint_sources";

    /** The SQL state of a unique-key violation. */
    private static final String DUPLICATE_KEY = "23505";

    private final JdbcConnectionPool pool;
    private final java.util.concurrent.ConcurrentMap<String, Organization> byName =
            new java.util.concurrent.ConcurrentHashMap<>();

    public OrganizationDirectory(Path dir) {
        this.pool = JdbcConnectionPool.create(
                "jdbc:h2:file:" + dir.toAbsolutePath().resolve("organizations") + ";WRITE_DELAY=0", "catalyst", "");
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute(CREATE_TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the Organization directory in " + dir, e);
        }
        stored().forEach(organization -> byName.put(organization.name(), organization));
    }

    /** Whether {@code name} is an Organization of this Sovereign. */
    public boolean exists(String name) {
        return find(name).isPresent();
    }

    public Optional<Organization> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** Every Organization, sorted by name. */
    public List<Organization> list() {
        return byName.values().stream()
                .sorted(java.util.Comparator.comparing(Organization::name))
                .toList();
    }

    /** Every Organization as the database holds it. */
    private List<Organization> stored() {
        try (Connection connection = pool.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT " + COLUMNS + " FROM organization ORDER BY name");
                ResultSet rows = select.executeQuery()) {
            List<Organization> organizations = new ArrayList<>();
            while (rows.next()) {
                organizations.add(read(rows));
            }
            return List.copyOf(organizations);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the Organization directory", e);
        }
    }

    /**
     * Adds the Organization.
     *
     * @return {@code false} if one of that name exists already (nothing is changed)
     */
    public boolean create(Organization organization) {
        try (Connection connection = pool.getConnection();
                PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO organization (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            bind(insert, 1, organization);
            boolean created = insert.executeUpdate() == 1;
            if (created) {
                byName.put(organization.name(), organization);
            }
            return created;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("cannot write the Organization directory", e);
        }
    }

    /**
     * Replaces the Organization's settings.
     *
     * @return {@code false} if there is no such Organization
     */
    public boolean update(Organization organization) {
        try (Connection connection = pool.getConnection();
                PreparedStatement update = connection.prepareStatement("UPDATE organization SET name = ?,"
                        + " display_name = ?, tier = ?, max_environments = ?, max_applications = ?,"
                        + " cpu_millicores = ?, memory_mebibytes = ?, blueprint_sources = ? WHERE name = ?")) {
            bind(update, 1, organization);
            update.setString(9, organization.name());
            boolean updated = update.executeUpdate() == 1;
            if (updated) {
                byName.put(organization.name(), organization);
            }
            return updated;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the Organization directory", e);
        }
    }

    private static void bind(PreparedStatement statement, int first, Organization organization) throws SQLException {
        statement.setString(first, organization.name());
        statement.setString(first + 1, organization.displayName());
        statement.setString(first + 2, organization.tier().name());
        statement.setInt(first + 3, organization.quota().maxEnvironments());
        statement.setInt(first + 4, organization.quota().maxApplications());
        statement.setLong(first + 5, organization.quota().cpuMillicores());
        statement.setLong(first + 6, organization.quota().memoryMebibytes());
        statement.setString(first + 7, String.join(",", organization.blueprintSources()));
    }

    private static Organization read(ResultSet rows) throws SQLException {
        String sources = rows.getString("blueprint_sources");
        return new Organization(
                rows.getString("name"),
                rows.getString("display_name"),
                Organization.Tier.valueOf(rows.getString("tier")),
                new Organization.Quota(
                        rows.getInt("max_environments"),
                        rows.getInt("max_applications"),
                        rows.getLong("cpu_millicores"),
                        rows.getLong("memory_mebibytes")),
                sources.isEmpty() ? List.of() : Arrays.asList(sources.split(",")));
    }

    @Override
    public void close() {
        pool.dispose();
    }
}

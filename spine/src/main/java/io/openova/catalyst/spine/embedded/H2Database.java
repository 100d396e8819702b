package io.openova.catalyst.spine.embedded;

import io.openova.catalyst.spine.SpineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * An H2 database behind a connection pool, with its schema created on open and every use wrapped in a transaction.
 * Shared by the embedded adapters; each keeps its own database file.
 */
final class H2Database implements AutoCloseable {

    /** Work done inside one transaction. */
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final String location;
    private final String what;
    private final boolean inMemory;
    private final JdbcConnectionPool pool;
    private volatile boolean closed;

    private H2Database(String url, String location, String what, boolean inMemory, String... schema) {
        this.location = location;
        this.what = what;
        this.inMemory = inMemory;
        this.pool = JdbcConnectionPool.create(url, "", "");
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            for (String ddl : schema) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            pool.dispose();
            throw new SpineException("cannot open the " + what + " database " + location + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens (or creates) the database {@code <dataDir>/<name>.mv.db}, creating the directory if needed. H2 locks the
     * file, so a second process opening the same directory fails instead of corrupting it.
     */
    static H2Database file(Path dataDir, String name, String what, String... schema) {
        Path directory = dataDir.toAbsolutePath().normalize();
        if (directory.toString().contains(";")) {
            throw new IllegalArgumentException(what + " directory must not contain ';': " + directory);
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new SpineException("cannot create the " + what + " directory " + directory, e);
        }
        return new H2Database(
                jdbcUrl(directory, name), directory.resolve(name + ".mv.db").toString(), what, false, schema);
    }

    /** A new, empty database in memory, gone when closed. */
    static H2Database memory(String name, String what, String... schema) {
        String unique = name + "-" + UUID.randomUUID();
        return new H2Database("jdbc:h2:mem:" + unique + ";DB_CLOSE_DELAY=-1", "mem:" + unique, what, true, schema);
    }

    /**
     * {@code WRITE_DELAY=0}: every commit is written to the file before it returns, so a process that dies right after
     * (a {@code kill -9}) loses nothing it acknowledged; H2's default writes up to a second later.
     */
    static String jdbcUrl(Path dataDir, String name) {
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve(name)
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
    }

    /** Where the data lives: the database file, or {@code mem:<name>}. */
    String location() {
        return location;
    }

    boolean isClosed() {
        return closed;
    }

    /** Runs {@code work} in a transaction, committed if it returns and rolled back if it throws. */
    <T> T inTransaction(String action, Work<T> work) {
        if (closed) {
            throw new SpineException("cannot " + action + ": the " + what + " is closed");
        }
        try (Connection connection = pool.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new SpineException("cannot " + action + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (inMemory) {
            try (Connection connection = pool.getConnection();
                    Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN");
            } catch (SQLException e) {
                throw new SpineException("cannot shut down the in-memory " + what + " database", e);
            } finally {
                pool.dispose();
            }
        } else {
            pool.dispose();
        }
    }
}

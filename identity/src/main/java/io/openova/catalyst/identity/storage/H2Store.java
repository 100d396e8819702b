package io.openova.catalyst.identity.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * An H2 database of the identity module's embedded stores (the local accounts, the secret store) behind a connection
 * pool: its schema created on open, every use one transaction, and writes one at a time. Failures become the owning
 * store's exception, with the same message either way.
 */
public final class H2Store implements AutoCloseable {

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Makes the owning store's exception; {@code cause} is null when there is none. */
    @FunctionalInterface
    public interface Failure {
        RuntimeException of(String message, SQLException cause);
    }

    private final JdbcConnectionPool pool;
    private final String closedMessage;
    private final Failure failure;
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile boolean closed;

    /**
     * Opens the database at {@code jdbcUrl} and runs {@code schema}.
     *
     * @param description what is opened, for the failure message: "cannot open {description}: ..."
     * @param closedMessage what a use after {@link #close()} is told: "cannot {action}: {closedMessage}"
     */
    public H2Store(String jdbcUrl, List<String> schema, String description, String closedMessage, Failure failure) {
        this.closedMessage = closedMessage;
        this.failure = failure;
        this.pool = JdbcConnectionPool.create(jdbcUrl, "", "");
        try (Connection connection = pool.getConnection();
                Statement statement = connection.createStatement()) {
            for (String ddl : schema) {
                statement.execute(ddl);
            }
        } catch (SQLException e) {
            pool.dispose();
            throw failure.of("cannot open " + description + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code work} in a transaction, committed if it returns and rolled back if it throws. */
    public <T> T read(String action, Work<T> work) {
        if (closed) {
            throw failure.of("cannot " + action + ": " + closedMessage, null);
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
            throw failure.of("cannot " + action + ": " + e.getMessage(), e);
        }
    }

    /** As {@link #read}, one writer at a time. */
    public <T> T write(String action, Work<T> work) {
        writeLock.lock();
        try {
            return read(action, work);
        } finally {
            writeLock.unlock();
        }
    }

    /** Closes the pool; every later use fails. */
    @Override
    public void close() {
        closed = true;
        pool.dispose();
    }
}

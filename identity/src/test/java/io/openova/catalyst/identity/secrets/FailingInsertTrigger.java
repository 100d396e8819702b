package io.openova.catalyst.identity.secrets;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** An H2 trigger that fails the insert of property {@code fail}, to break a put() half-way through its transaction. */
public class FailingInsertTrigger implements Trigger {

    @Override
    public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
        if ("fail".equals(newRow[1])) {
            throw new SQLException("disk full (simulated)");
        }
    }
}

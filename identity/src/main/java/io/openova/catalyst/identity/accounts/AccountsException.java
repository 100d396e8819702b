package io.openova.catalyst.identity.accounts;

/**
 * {@link LocalAccounts} could not do its work: the database unavailable or closed. Messages name users, never
 * passwords or tokens.
 */
public class AccountsException extends RuntimeException {

    public AccountsException(String message) {
        super(message);
    }

    public AccountsException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.openova.catalyst.cli;

/** Exit codes of the {@code catalyst} command. */
final class ExitCodes {
    /** Done, nothing wrong. */
    static final int OK = 0;
    /** The command ran and found problems (e.g. lint findings), or failed. */
    static final int ERROR = 1;
    /** The command line itself is wrong. */
    static final int USAGE = 2;

    private ExitCodes() {}
}

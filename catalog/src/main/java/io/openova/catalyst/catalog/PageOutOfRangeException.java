package io.openova.catalyst.catalog;

/** A page past the last one was asked for. */
public final class PageOutOfRangeException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int lastPage;

    public PageOutOfRangeException(int page, int lastPage) {
        super("page " + page + " is out of range: there "
                + (lastPage == 1 ? "is 1 page" : "are " + lastPage + " pages"));
        this.lastPage = lastPage;
    }

    public int lastPage() {
        return lastPage;
    }
}

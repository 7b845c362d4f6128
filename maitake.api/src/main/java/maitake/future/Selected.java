package maitake.future;

/**
 * The winner of a {@link Futures#select(java.util.List) select}: which future completed first, and
 * its value.
 *
 * @param index the position of the winning future in the list given to select
 * @param value the value it completed with
 * @param <T> the value type
 */
public record Selected<T>(int index, T value) {}
